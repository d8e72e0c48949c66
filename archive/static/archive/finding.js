/* Finding things faster on the search page; the page works the same without this file.
   - A long facet list (outlets) gets a box that filters it as you type.
   - Search as you type: after a pause in typing, the results are fetched as the same
     server-rendered page and swapped in; a newer keystroke cancels the older request.
     Enter still submits the form as usual. */
(function () {
  "use strict";
  var FILTER_FROM = 8;       // items before a list gets its filter box
  var PAUSE_MS = 350;

  function announce(text) {
    var status = document.getElementById("live-status");
    if (status) { status.textContent = text; }
  }

  function addFilterBox(list, index) {
    var items = Array.prototype.slice.call(list.querySelectorAll(":scope > li"));
    if (items.length < FILTER_FROM) return;
    var group = list.closest("fieldset");
    var legend = group && group.querySelector("legend");
    var name = legend ? legend.textContent.trim().toLowerCase() : "items";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "facet-filter";
    box.id = "facet-filter-" + index;
    box.setAttribute("aria-label", "Filter the " + name);
    box.placeholder = "Filter " + name;
    box.addEventListener("input", function () {
      var wanted = box.value.trim().toLowerCase();
      var shown = 0;
      items.forEach(function (item) {
        var hit = !wanted || item.textContent.toLowerCase().indexOf(wanted) !== -1;
        item.hidden = !hit;
        if (hit) shown += 1;
      });
      announce(shown + " of " + items.length + " " + name + " shown");
    });
    list.parentNode.insertBefore(box, list);
  }

  function enhanceFacets(root) {
    root.querySelectorAll(".facets .facet-list").forEach(addFilterBox);
  }

  /* Search as you type. */
  var box = document.getElementById("q");
  var form = box && box.form;
  var pending = null;
  var timer = null;

  function resultsUrl() {
    var params = new URLSearchParams(new FormData(form));
    if (!params.get("q")) params.delete("q");
    return form.action.split("?")[0] + (params.toString() ? "?" + params.toString() : "");
  }

  function swapIn(url) {
    var layout = document.querySelector(".search-layout");
    if (!layout || !window.fetch || !window.AbortController) return;
    if (pending) pending.abort();
    pending = new AbortController();
    var column = layout.querySelector(".results-column");
    if (column) column.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "Accept": "text/html" }, signal: pending.signal })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector(".search-layout");
        if (!fresh) throw new Error("no results in the page");
        layout.replaceWith(fresh);
        document.title = page.title;
        window.history.replaceState(null, "", url);
        enhanceFacets(fresh);
        // site.js made the outlet checkboxes apply at once; the swapped-in ones do too.
        fresh.querySelectorAll("form[data-autosubmit]").forEach(function (facetForm) {
          facetForm.addEventListener("change", function () { facetForm.submit(); });
        });
        var counts = fresh.querySelector(".counts");
        if (counts) announce(counts.textContent.replace(/\s+/g, " ").trim());
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;     // a newer keystroke took over
        if (column) column.removeAttribute("aria-busy");
      });
  }

  if (box && form && document.body.classList.contains("search-page")) {
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { swapIn(resultsUrl()); }, PAUSE_MS);
    });
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      if (pending) pending.abort();
    });
  }
  enhanceFacets(document);
})();
