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
    if (!document.querySelector(".arithmatex")) return;
    loadMathJax().then(function () {
      var mj = window.MathJax;
      mj.startup.output.clearCache();
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise();
    });
  }

  if (window.document$) {
    window.document$.subscribe(typeset);
  } else {
    document.addEventListener("DOMContentLoaded", typeset);
  }
})();
