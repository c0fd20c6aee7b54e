// Tells the published site's search worker (search_worker.js) that the reader
// opened search (a click, a tap, the / or s shortcut: each focuses the box), so
// it loads its page list while the query is being typed, and nothing before.
(() => {
  if (!("BroadcastChannel" in window)) return;
  const channel = new BroadcastChannel("kb-search");
  document.addEventListener("focusin", event => {
    if (event.target.matches && event.target.matches(".md-search__input")) channel.postMessage("open");
  });
})();
