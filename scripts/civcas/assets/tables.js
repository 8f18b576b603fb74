// Tables that sort and filter in the browser. Without this script they are plain, complete tables.
// A table with `data-sortable` gets a button in each header cell that has `data-sort` ("text", "number" or
// "date"); a cell's `data-sort-value`, where present, is what it sorts by. A form with
// `data-filters-for="ID"` is shown, and each of its selects keeps the rows whose `data-NAME` equals the
// chosen value. Set up on every page Material's instant navigation shows (its `document$`), or once.
(function () {
  "use strict";

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    var raw = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
    if (type === "number") {
      var n = parseFloat(raw.replace(/[^0-9.\-]/g, ""));
      return isNaN(n) ? null : n;
    }
    return raw === "" ? null : raw.toLowerCase();
  }

  function sortBy(table, index, type, button) {
    var ascending = button.getAttribute("data-direction") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, type), y = cellValue(b, index, type);
      if (x === y) return 0;
      if (x === null) return 1;  // empty cells last, whichever the direction
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (ascending ? 1 : -1);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    table.querySelectorAll(".civcas-sort").forEach(function (b) { b.removeAttribute("data-direction"); });
    button.setAttribute("data-direction", ascending ? "ascending" : "descending");
    button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUpSorting(table) {
    if (table.hasAttribute("data-sort-ready")) return;
    table.setAttribute("data-sort-ready", "");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var type = th.getAttribute("data-sort");
      if (!type) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "civcas-sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", "Sort by " + th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, type, button); });
    });
  }

  function applyFilters(form, table) {
    var selects = form.querySelectorAll("select");
    var rows = table.tBodies[0].rows, shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var keep = Array.prototype.every.call(selects, function (select) {
        return select.value === "" || row.getAttribute("data-" + select.name) === select.value;
      });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    var count = form.querySelector(".civcas-filter-count");
    if (count) count.textContent = shown + " of " + rows.length + " shown";
  }

  function setUpFilters(form) {
    var table = document.getElementById(form.getAttribute("data-filters-for"));
    if (!table || form.hasAttribute("data-filter-ready")) return;
    form.setAttribute("data-filter-ready", "");
    form.hidden = false;
    form.addEventListener("change", function () { applyFilters(form, table); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    applyFilters(form, table);
  }

  function setUp() {
    document.querySelectorAll("table[data-sortable]").forEach(setUpSorting);
    document.querySelectorAll("form[data-filters-for]").forEach(setUpFilters);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
