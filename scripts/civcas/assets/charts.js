// Renders every chart on a page with the Vega runtime served by this site.
// The runtime is loaded only on pages that have charts, and charts are rendered again after
// each instant-navigation page swap (Material's document$ observable).
(function () {
  "use strict";
  var runtimeUrl = document.currentScript.src.replace(/charts\.js(\?.*)?$/, "__RUNTIME__");
  var loading = null;

  function loadRuntime() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = runtimeUrl;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function renderCharts() {
    var figures = document.querySelectorAll("figure.civcas-chart:not(.civcas-rendered)");
    if (!figures.length) return;
    loadRuntime().then(function () {
      figures.forEach(function (figure) {
        var target = figure.querySelector(".civcas-vega");
        var spec = JSON.parse(target.getAttribute("data-spec"));
        window.vegaEmbed(target, spec, { actions: false, renderer: "svg" }).then(function () {
          figure.classList.add("civcas-rendered");
        });
      });
    });
  }

  if (window.document$) {
    window.document$.subscribe(renderCharts);
  } else {
    document.addEventListener("DOMContentLoaded", renderCharts);
  }
})();
