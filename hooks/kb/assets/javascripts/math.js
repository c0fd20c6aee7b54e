// Typesets formulas on first load and after every instant navigation.
// MathJax is served from this site and fetched only when a page with math
// is shown, so pages without formulas never load it.
(function () {
  "use strict";
  var loaderUrl = new URL("../mathjax/tex-chtml.js", document.currentScript.src).href;
  var ready = null;

  function loadMathJax() {
    if (ready) return ready;
    window.MathJax = {
      tex: {
        inlineMath: [["\\(", "\\)"]],
        displayMath: [["\\[", "\\]"]],
        processEscapes: false,
        processEnvironments: true
      },
      options: {
        ignoreHtmlClass: ".*",
        processHtmlClass: "arithmatex",
        menuOptions: { settings: { explorer: false } }
      },
      startup: { typeset: false }
    };
    ready = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = loaderUrl;
      script.async = true;
      script.onload = function () { window.MathJax.startup.promise.then(resolve, reject); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return ready;
  }

  function typeset() {
    var spans = Array.prototype.slice.call(document.querySelectorAll(".arithmatex"));
    var pending = spans.filter(function (el) { return !el.querySelector("mjx-container"); });
    if (!pending.length) return;
    loadMathJax().then(function () {
      var mj = window.MathJax;
      mj.startup.output.clearCache();
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise();
    });
  }

  // Material's document$ announces every instant page change. Opened from
  // file://, it completes without ever emitting, so the first page is also
  // typeset on its own.
  if (window.document$) window.document$.subscribe(typeset);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", typeset);
  } else {
    typeset();
  }
})();
