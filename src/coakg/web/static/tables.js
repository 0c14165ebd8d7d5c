// coakg's pages: sort a table by a column (click or press Enter on its header), filter a list of reports by its
// facets (city, kind, year, phase, findings). No library and no network: it works offline and on the static site.
(function () {
  "use strict";
  function key(cell) {
    var text = cell ? cell.textContent.trim() : "";
    var number = text.replace(/[,%]/g, "");
    return number !== "" && !isNaN(number) ? [0, parseFloat(number)] : [1, text];
  }
  function compare(a, b) {
    if (a[0] !== b[0]) return a[0] - b[0];
    return a[0] === 0 ? a[1] - b[1] : a[1].localeCompare(b[1], "zh");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
    heads.forEach(function (th, i) {
      th.classList.add("sorts");
      th.tabIndex = 0;
      function sort() {
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        var down = th.getAttribute("aria-sort") === "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        rows.sort(function (a, b) { var c = compare(key(a.cells[i]), key(b.cells[i])); return down ? -c : c; });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  });
  var facets = Array.prototype.slice.call(document.querySelectorAll("select[data-facet]"));
  function filter() {
    var chosen = {};
    facets.forEach(function (s) { if (s.value) chosen[s.dataset.facet] = s.value; });
    var shown = 0;
    document.querySelectorAll("tr[data-place]").forEach(function (row) {
      var keep = Object.keys(chosen).every(function (f) { return row.dataset[f] === chosen[f]; });
      row.hidden = !keep;
      shown += keep ? 1 : 0;
    });
    var count = document.getElementById("shown");
    if (count) count.textContent = shown;
  }
  facets.forEach(function (s) { s.addEventListener("change", filter); });
})();
