/* Small enhancements; every page works without them.
   - "/" focuses the search box from anywhere (unless typing in a field).
   - Outlet checkboxes apply at once, and focus comes back to the same checkbox after the reload.
   - "N more matching paragraphs" opens them in place instead of loading a new page.
   - "Copy citation" puts a paragraph's citation on the clipboard.
   - Arriving from a search on an article, the first highlighted paragraph is scrolled into view. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function announce(text) {
    var status = document.getElementById("live-status");
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  var NOT_TEXT = ["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"];

  function isTyping(target) {
    if (!target) return false;
    var tag = target.tagName;
    if (tag === "INPUT") return NOT_TEXT.indexOf((target.type || "").toLowerCase()) === -1;
    return target.isContentEditable || tag === "TEXTAREA" || tag === "SELECT";
  }

  /* "/" goes to the search box, selecting what is in it, so the next letters replace it.
     In the box itself (it has focus when a search page opens) "/" does the same until
     the reader types there: a slash typed first is the shortcut, not the query. */
  var box = document.getElementById("q");
  var typedInBox = false;
  if (box) {
    box.addEventListener("focus", function () { typedInBox = false; });
    box.addEventListener("input", function () { typedInBox = true; });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (!box) return;
    var inBoxUntyped = event.target === box && !typedInBox;
    if (isTyping(event.target) && !inBoxUntyped) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  /* Facet checkboxes: submit on change; remember which one, to give focus back after the load. */
  var FOCUS_KEY = "archive-refocus";
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.id) {
        try { sessionStorage.setItem(FOCUS_KEY, event.target.id); } catch (e) { /* storage off */ }
      }
      form.submit();
    });
  });

  function restoreFocus() {
    var id = null;
    try {
      id = sessionStorage.getItem(FOCUS_KEY);
      sessionStorage.removeItem(FOCUS_KEY);
    } catch (e) { return false; }
    var element = id && document.getElementById(id);
    if (!element) return false;
    element.focus();
    return true;
  }

  /* "N more matching paragraphs": fetch the expanded page and take this article's list from it. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-expand]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    var articleId = link.getAttribute("data-expand");
    var current = document.getElementById(articleId);
    if (!current || !window.fetch || !window.DOMParser) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    fetch(link.href, { headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById(articleId);
        if (!fresh) throw new Error("missing");
        var oldHits = current.querySelector(".hits");
        var newHits = fresh.querySelector(".hits");
        var before = oldHits ? oldHits.children.length : 0;
        if (oldHits && newHits) oldHits.replaceWith(document.importNode(newHits, true));
        link.remove();
        var hits = current.querySelectorAll(".hits > li");
        var firstNew = hits[before] && hits[before].querySelector("a");
        if (firstNew) firstNew.focus();
        announce((hits.length - before) + " more paragraphs shown");
      })
      .catch(function () { window.location.href = link.href; });
  });

  /* Copy citation. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "vh";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand && document.execCommand("copy");
      area.remove();
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  document.querySelectorAll("button.copy-citation").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-citation")).then(function () {
        button.classList.add("copied");
        announce("Citation copied to the clipboard");
        var label = button.firstChild;
        var original = label.nodeValue;
        label.nodeValue = "Copied ";
        window.setTimeout(function () {
          label.nodeValue = original;
          button.classList.remove("copied");
        }, 2000);
      }, function () {
        announce("Could not copy; select the text instead");
      });
    });
  });

  /* From a search to an article: bring the first match into view (unless the link named a paragraph). */
  function scrollToFirstMatch() {
    var article = document.querySelector("[data-first-match]");
    if (!article || window.location.hash) return;
    var target = document.getElementById(article.getAttribute("data-first-match"));
    if (target) target.scrollIntoView({ block: "center" });
  }

  /* A permalink to a paragraph since removed: say so, and when, rather than open silently
     at the top (the page lists the removed paragraphs' keys and dates). */
  function explainRemovedParagraph() {
    var notice = document.getElementById("removed-notice");
    var match = window.location.hash.match(/^#p-([0-9a-f]+)$/);
    if (!notice || !match || document.getElementById("p-" + match[1])) return;
    var removed = null;     // data-removed: "KEY:YYYY-MM-DD KEY:YYYY-MM-DD"
    notice.getAttribute("data-removed").split(" ").forEach(function (pair) {
      var parts = pair.split(":");
      if (parts[0] === match[1]) removed = parts[1];
    });
    if (!removed) return;
    notice.textContent = "The paragraph this link points to was removed from the article on " +
      removed + ".";
    notice.hidden = false;
    notice.scrollIntoView({ block: "center" });
  }

  explainRemovedParagraph();
  if (!restoreFocus()) scrollToFirstMatch();
})();
