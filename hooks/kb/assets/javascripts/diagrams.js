// Renders ```mermaid blocks with the Mermaid this site serves, only on pages
// that have one, on first load, after instant navigation, and again when the
// reader switches between light and dark.
(function () {
  "use strict";
  var scriptUrl = new URL("../mermaid/mermaid.min.js", document.currentScript.src).href;
  var ready = null;
  var count = 0;

  function loadMermaid() {
    if (!ready) {
      ready = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = scriptUrl;
        script.onload = function () { resolve(window.mermaid); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return ready;
  }

  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "default";
  }

  function render(force) {
    var blocks = Array.prototype.slice.call(document.querySelectorAll(".kb-mermaid"));
    blocks = blocks.filter(function (el) { return force || el.getAttribute("data-theme") !== scheme(); });
    if (!blocks.length) return;
    loadMermaid().then(function (mermaid) {
      var theme = scheme();
      mermaid.initialize({ startOnLoad: false, theme: theme, securityLevel: "strict" });
      blocks.forEach(function (el) {
        if (!el.hasAttribute("data-source")) el.setAttribute("data-source", el.textContent);
        count += 1;
        mermaid.render("kb-mermaid-" + count, el.getAttribute("data-source")).then(function (out) {
          el.innerHTML = out.svg;
          el.setAttribute("data-theme", theme);
        }, function (error) {
          el.textContent = "Mermaid 图表有误：" + error.message;
          el.classList.add("kb-mermaid-error");
        });
      });
    });
  }

  // A hover preview (previews.js) draws the diagrams it shows.
  window.kbDiagrams = { render: function () { render(false); } };

  // See math.js: from file:// Material's document$ never emits.
  if (window.document$) window.document$.subscribe(function () { render(false); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { render(false); });
  } else {
    render(false);
  }
  new MutationObserver(function () { render(false); })
    .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();
