/* Lists on a phone, for list pages whose cells are not labelled in the markup (the generic lists
   of core/crud_list.html are): each cell of a list table is labelled with its column's heading
   and the table is marked "row-cards", which fazhi.css shows as one card per row on a narrow
   screen. Without this script such a table keeps its columns and scrolls inside its frame. */
(function () {
  "use strict";
  var tables = document.querySelectorAll(".table-wrap:not(.chart-table) > table.list");
  Array.prototype.forEach.call(tables, function (table) {
    var headings = [];
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var i = 0; i < cell.colSpan; i++) headings.push(cell.textContent.trim());
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && cell.colSpan === 1 && headings[column]) {
            cell.setAttribute("data-label", headings[column]);
          }
          var text = cell.textContent.trim();
          if ((text === "" || text === "—") && !cell.querySelector("input, select, button, a, img")) {
            cell.classList.add("no-value");
          }
          column += cell.colSpan;
        });
      });
    });
    table.classList.add("row-cards");
  });
})();
