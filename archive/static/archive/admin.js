/* The admin's paragraph picker: a commentary's "paragraph" list offers the paragraphs of
   the article chosen, at once, without saving first.
   - On a commentary's own form, choosing the article (Django's autocomplete) fetches that
     article's paragraphs from the admin (commentary/paragraphs/?article=PK).
   - In the commentary inline of a new article, the list follows the body being written:
     its paragraphs (separated by blank lines, or one a line when it has none) by number;
     the admin turns the number into the paragraph when the article is saved. */
(function () {
  "use strict";

  function fill(select, paragraphs, emptyLabel) {
    var chosen = select.value;
    select.innerHTML = "";
    var empty = document.createElement("option");
    empty.value = "";
    empty.textContent = emptyLabel;
    select.appendChild(empty);
    paragraphs.forEach(function (p) {
      var option = document.createElement("option");
      option.value = String(p.value);
      option.textContent = p.label;
      select.appendChild(option);
    });
    select.value = paragraphs.some(function (p) { return String(p.value) === chosen; }) ? chosen : "";
  }

  function shorten(text) {
    text = text.replace(/\s+/g, " ").trim();
    return text.length > 70 ? text.slice(0, 69) + "…" : text;
  }

  function bodyParagraphs(body) {
    var text = body.replace(/\r\n?/g, "\n").trim();
    var parts = /\n[ \t]*\n/.test(text) ? text.split(/\n[ \t]*\n/) : text.split("\n");
    return parts.map(function (p) { return p.trim(); })
      .filter(function (p) { return p && !/^#{1,6}\s/.test(p); })
      .map(function (p, i) { return {value: i, label: "¶" + (i + 1) + ": " + shorten(p)}; });
  }

  function commentaryForm() {
    var article = document.getElementById("id_article");
    var chunk = document.getElementById("id_chunk");
    if (!article || !chunk || !document.body.classList.contains("model-commentary")) return;
    var here = location.pathname.match(/^(.*\/archive\/commentary\/)/);
    if (!here) return;
    var url = here[1] + "paragraphs/";
    function load() {
      if (!article.value) { fill(chunk, [], "— the whole article —"); return; }
      fetch(url + "?article=" + encodeURIComponent(article.value), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) { fill(chunk, data.paragraphs, "— the whole article —"); });
    }
    article.addEventListener("change", load);
    // Django's autocomplete is select2 on jQuery: its choice fires jQuery's change event
    if (window.django && window.django.jQuery) window.django.jQuery(article).on("change", load);
  }

  function newArticleInline() {
    var body = document.getElementById("id_body");
    if (!body || !document.body.classList.contains("model-article") ||
        !document.body.classList.contains("change-form") || !/\/add\/$/.test(location.pathname)) return;
    function refresh() {
      var paragraphs = bodyParagraphs(body.value);
      document.querySelectorAll("select[name^='commentary-'][name$='-chunk']").forEach(function (s) {
        fill(s, paragraphs, "— the whole article —");
      });
    }
    body.addEventListener("input", refresh);
    document.addEventListener("formset:added", refresh);   // "Add another commentary"
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    commentaryForm();
    newArticleInline();
  });
})();
