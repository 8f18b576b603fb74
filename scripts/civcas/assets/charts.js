// Charts are static pictures until a reader asks for more: the "Explore this chart" button, or the first
// hover, tap or focus on a chart, fetches the Vega runtime (served by this site) and the chart's spec, and
// draws the interactive chart in the picture's place. Nothing heavy loads with the page. Listening on the
// document keeps this working across Material's instant navigation, which swaps pages without scripts.
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
        script.onerror = function () { loading = null; reject(new Error("the chart runtime did not load")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function explore(figure) {
    if (figure.classList.contains("civcas-asked")) return;
    figure.classList.add("civcas-asked");
    var button = figure.querySelector(".civcas-explore");
    var target = figure.querySelector(".civcas-vega");
    // A screen narrower than the picture gets the chart drawn for a phone, as the static picture was.
    var narrow = window.matchMedia("(max-width: " + button.getAttribute("data-narrow-below") + "px)").matches;
    var spec = button.getAttribute(narrow ? "data-narrow-spec" : "data-spec");
    var specUrl = new URL(spec, window.location.href).href;
    // Not disabled: a disabled button loses the keyboard focus that may have asked for the chart.
    button.setAttribute("aria-busy", "true");
    button.textContent = "Loading the interactive chart…";
    var loaded = fetch(specUrl).then(function (response) {
      if (!response.ok) throw new Error("no chart spec at " + specUrl);
      return response.json();
    });
    Promise.all([loadRuntime(), loaded]).then(function (both) {
      target.hidden = false;
      return window.vegaEmbed(target, both[1], { actions: false, renderer: "svg" });
    }).then(function () {
      figure.classList.add("civcas-rendered");
      button.removeAttribute("aria-busy");
      button.textContent = "Interactive: point at or tap a mark for its figures";
    }).catch(function () {
      target.hidden = true;
      figure.classList.remove("civcas-asked");
      button.removeAttribute("aria-busy");
      button.textContent = "Explore this chart";
    });
  }

  function asked(event) {
    var element = event.target;
    if (!element || !element.closest) return;
    var trigger = event.type === "focusin" || event.type === "click" ? ".civcas-explore" : ".civcas-chart-frame";
    if (!element.closest(trigger)) return;
    var figure = element.closest("figure.civcas-chart");
    if (figure) explore(figure);
  }

  ["click", "focusin", "pointerover", "touchstart"].forEach(function (type) {
    document.addEventListener(type, asked, { passive: true });
  });
})();
