// Tables marked data-sortable sort by a column when its heading's button is pressed: numbers as numbers (each
// cell's data-sort value), text as text, empty cells last; pressing again reverses the order. Without scripts
// the table reads as it was built. Listening on the document keeps this working across instant navigation.
(function () {
  "use strict";

  function key(row, index) {
    var cell = row.cells[index];
    return cell ? cell.getAttribute("data-sort") || "" : "";
  }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === "") return 1;
    if (b === "") return -1;
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return a < b ? -1 : 1;
  }

  function sort(button) {
    var th = button.closest("th");
    var table = th.closest("table");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      return { row: row, key: key(row, index), position: position };
    });
    rows.sort(function (a, b) {
      // Empty cells stay last whichever the direction; equal keys keep their order.
      if (a.key === "" || b.key === "") return compare(a.key, b.key) || a.position - b.position;
      var order = compare(a.key, b.key);
      return (ascending ? order : -order) || a.position - b.position;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("table[data-sortable] th button.civcas-sort");
    if (button) sort(button);
  });
})();
