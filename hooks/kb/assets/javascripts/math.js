// Typesets formulas on first load and after every instant navigation.
// MathJax is served from this site and fetched only when a page with math
// is shown, so pages without formulas never load it.
//
// MathJax's loader fetches TeX input, HTML output and its font, plus the
// hidden MathML that screen readers read: 163 KB gzip. Its combined
// tex-chtml.js adds the right-click menu, 108 KB more of the 263 KB.
(function () {
  "use strict";
  var loaderUrl = new URL("../mathjax/startup.js", document.currentScript.src).href;
  var ready = null;

  function loadMathJax() {
    if (ready) return ready;
    window.MathJax = {
      loader: { load: ["input/tex", "output/chtml", "a11y/assistive-mml"] },
      tex: {
        inlineMath: [["\\(", "\\)"]],
        displayMath: [["\\[", "\\]"]],
        processEscapes: false,
        processEnvironments: true
      },
      options: {
        ignoreHtmlClass: ".*",
        processHtmlClass: "arithmatex"
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

  // One typesetting pass at a time, each run only when the previous one has
  // finished. Two overlapping passes (DOMContentLoaded and document$ both
  // fire on a first load) make the second clear the glyph styles the first
  // one wrote, leaving formulas laid out but blank. A pass that finds every
  // formula of the page already typeset does nothing, so a page view is
  // typeset once, whichever of the two signals comes first.
  var queue = Promise.resolve();

  function pendingSpans(root) {
    return Array.prototype.filter.call((root || document).querySelectorAll(".arithmatex"), function (el) {
      return !el.querySelector("mjx-container");
    });
  }

  function pass() {
    if (!pendingSpans().length) return null;
    return loadMathJax().then(function () {
      var mj = window.MathJax;
      // The previous page's formulas are gone after an instant navigation:
      // forget them, then typeset what is on the page now.
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise();
    });
  }

  function typeset() {
    queue = queue.then(pass).catch(function (error) {
      console.error("MathJax:", error);
    });
  }

  // A hover preview (previews.js) shows another note's formulas: they join
  // the same queue, and only that element is typeset. The page's formulas
  // are not cleared, so they keep their glyph styles.
  window.kbMath = {
    typeset: function (root) {
      queue = queue.then(function () {
        if (!pendingSpans(root).length) return null;
        return loadMathJax().then(function () { return window.MathJax.typesetPromise([root]); });
      }).catch(function (error) {
        console.error("MathJax:", error);
      });
    }
  };

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
