// coakg's pages: sort a table by a column (click or press Enter on its header), download a table as shown (CSV or
// JSON, amounts without their thousands separators), filter a list of reports by its facets (city, kind, year,
// phase, findings). No library and no network: it works offline and on the static site.
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
  function cells(row) {
    return Array.prototype.map.call(row.cells, function (cell) {
      var text = cell.textContent.replace(/\s+/g, " ").trim();
      return cell.classList.contains("num") ? text.replace(/,/g, "") : text;
    });
  }
  function save(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  document.querySelectorAll("table.sortable, table.grid").forEach(function (table, n) {
    var name = (document.title.split(" · ")[0] || "table") + (n ? "-" + n : "");
    var bar = document.createElement("p");
    bar.className = "downloads";
    [["CSV", "text/csv"], ["JSON", "application/json"]].forEach(function (form) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "下载 " + form[0];
      button.addEventListener("click", function () {
        var head = table.tHead ? cells(table.tHead.rows[table.tHead.rows.length - 1]) : [];
        var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.hidden; }).map(cells);
        if (form[0] === "CSV") {
          var quote = function (v) { return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
          save(name + ".csv", form[1], "\ufeff" + [head].concat(rows).map(function (r) {
            return r.map(quote).join(",");
          }).join("\n") + "\n");
        } else {
          save(name + ".json", form[1], JSON.stringify(rows.map(function (r) {
            var record = {};
            r.forEach(function (v, i) { record[head[i] || String(i)] = v; });
            return record;
          }), null, 2));
        }
      });
      bar.appendChild(button);
    });
    table.parentNode.insertBefore(bar, table.nextSibling);
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
