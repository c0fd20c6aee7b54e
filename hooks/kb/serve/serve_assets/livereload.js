// Live reload for `mkdocs serve` that swaps the page's content in place.
//
// MkDocs' own script reloads the whole page on every rebuild: the browser
// fetches the HTML, runs Material's bundle, loads MathJax again and starts at
// the top. Here the new HTML is fetched and Material's components are
// swapped in as its instant navigation swaps them, at the same scroll
// position; document$ then tells Material, MathJax, Mermaid and our scripts
// that the page is new. Without Material's instant navigation (document$),
// or when the page is gone, it reloads as MkDocs would.
(function (epoch, requestId) {
  "use strict";
  var COMPONENTS = ["announce", "container", "header-topic", "outdated", "logo", "skip"];
  var req, timeout;

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var y = window.scrollY;
    COMPONENTS.forEach(function (name) {
      var selector = "[data-md-component=" + name + "]";
      var old = document.querySelector(selector), next = fresh.querySelector(selector);
      if (old && next) old.replaceWith(document.importNode(next, true));
    });
    document.title = fresh.title;
    window.dispatchEvent(new Event("kb:swapped"));  // math.js checks the preamble
    window.document$.next(document);
    window.scrollTo(0, y);
  }

  function refresh() {
    if (!window.document$ || typeof window.document$.next !== "function") return location.reload();
    fetch(location.href, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(swap).catch(function () { location.reload(); });
  }

  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      var seen = parseFloat(this.responseText);
      if (seen > epoch) {
        epoch = seen;
        refresh();
      }
      timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }

  function stop() {
    if (req) req.abort();
    if (timeout) clearTimeout(timeout);
    req = timeout = undefined;
  }

  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") poll();
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll();
    else stop();
  });
  window.addEventListener("beforeunload", stop);
})(${epoch}, ${request_id});
