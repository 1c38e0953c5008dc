/* Live preview of an article's body in the admin: the server renders it (markdown-it-py,
   sanitised by nh3) exactly as readers will see it. A static file, no inline script, so a
   Content-Security-Policy of default-src 'self' allows it. Without JavaScript the form
   works as before; the preview link shows the whole page. */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setUp(textarea) {
    var url = textarea.getAttribute("data-markdown-preview");
    var format = document.getElementById(textarea.getAttribute("data-format-field"));
    var panel = document.createElement("div");
    panel.className = "markdown-preview";
    panel.setAttribute("aria-live", "polite");
    panel.setAttribute("aria-label", "Preview of the body");
    textarea.parentNode.insertBefore(panel, textarea.nextSibling);
    var timer = null;
    var sent = 0;

    function render() {
      var body = new URLSearchParams();
      body.set("body", textarea.value);
      body.set("body_format", format ? format.value : "plain");
      var ticket = ++sent;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea.form) },
        body: body,
      })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { if (ticket === sent) { panel.innerHTML = html; } })
        .catch(function () { /* the preview is a convenience: the form still works */ });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, 300);
    }

    textarea.addEventListener("input", later);
    if (format) { format.addEventListener("change", render); }
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-markdown-preview]").forEach(setUp);
  });
})();
