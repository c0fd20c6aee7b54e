// Typesets formulas on first load and after every instant navigation.
// MathJax is served from this site and fetched only when a page with math
// is shown, so pages without formulas never load it.
//
// MathJax's loader fetches TeX input, HTML output and its font, plus the
// hidden MathML that screen readers read: 163 KB gzip. Its combined
// tex-chtml.js adds the right-click menu, 108 KB more of the 263 KB.
//
// The vault's preamble.sty comes as preamble.js (kb/emit/preamble.py), a
// script loaded first, so its macros apply from file:// too. Equations are
// numbered as in AMS LaTeX, per page: each page's pass resets the numbers.
(function () {
  "use strict";
  var loaderUrl = new URL("../mathjax/startup.js", document.currentScript.src).href;
  var preambleUrl = new URL("preamble.js", document.currentScript.src).href;
  var ready = null;
  var preambleVersion = null;  // the preamble MathJax was configured with

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function loadPreamble(src) {
    return loadScript(src).catch(function () { return null; }).then(function () {
      return window.kbPreamble || { version: "", macros: {} };
    });
  }

  function loadMathJax() {
    if (ready) return ready;
    ready = loadPreamble(preambleUrl).then(configure);
    return ready;
  }

  function configure(preamble) {
    preambleVersion = preamble.version;
    window.MathJax = {
      loader: { load: ["input/tex", "output/chtml", "a11y/assistive-mml"] },
      tex: {
        inlineMath: [["\\(", "\\)"]],
        displayMath: [["\\[", "\\]"]],
        processEscapes: false,
        processEnvironments: true,
        tags: "ams",
        macros: preamble.macros
      },
      options: {
        ignoreHtmlClass: ".*",
        processHtmlClass: "arithmatex"
      },
      startup: { typeset: false }
    };
    return loadScript(loaderUrl).then(function () { return window.MathJax.startup.promise; });
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

  // MathJax adds the style of each new glyph to its <style> through the CSSOM,
  // which lives only while the element is in the document. Material's instant
  // navigation can take it out of <head>; put back, it is parsed again from its
  // text, and a page reached from another page with formulas had blank glyphs.
  // So the element is put back before a pass, and its text kept whole after one.
  function keepStyles(sync) {
    var output = window.MathJax.startup.output;
    var styles = output && output.chtmlStyles;
    if (!styles) return;
    if (!styles.isConnected) document.head.appendChild(styles);
    if (sync && styles.sheet) {
      styles.textContent = Array.prototype.map.call(styles.sheet.cssRules, function (rule) {
        return rule.cssText;
      }).join("\n");
    }
  }

  function pass() {
    if (!pendingSpans().length) return null;
    return loadMathJax().then(function () {
      var mj = window.MathJax;
      keepStyles(false);
      // The previous page's formulas are gone after an instant navigation:
      // forget them, then typeset what is on the page now.
      mj.typesetClear();
      mj.texReset();
      return mj.typesetPromise().then(function () { keepStyles(true); });
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
        return loadMathJax().then(function () {
          // Its own numbers and labels: the page's are on the page already.
          keepStyles(false);
          window.MathJax.texReset();
          return window.MathJax.typesetPromise([root]).then(function () { keepStyles(true); });
        });
      }).catch(function (error) {
        console.error("MathJax:", error);
      });
    }
  };

  // Under `mkdocs serve` a rebuilt page is swapped in place (live_swap.py):
  // if preamble.sty changed, MathJax's macros are stale, so reload the page.
  window.addEventListener("kb:swapped", function () {
    if (!ready) return;
    queue = queue.then(function () {
      delete window.kbPreamble;
      return loadPreamble(preambleUrl + "?" + Date.now()).then(function (preamble) {
        if (preamble.version !== preambleVersion) location.reload();
      });
    });
  });

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
