// Web videos (kb/markdown/media.py): a YouTube or Bilibili address in
// ![](…) is a link card, so a page asks nothing of those hosts when it
// loads. A click swaps in the provider's player; a click with a modifier key,
// or a reader without JavaScript, follows the link. One listener on the
// document serves every page, after instant navigation too.
(function () {
  "use strict";

  function player(provider, id, at) {
    var n = parseInt(at, 10) || 0;
    if (provider === "youtube" && /^[A-Za-z0-9_-]{11}$/.test(id)) {
      return "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1" + (n > 0 ? "&start=" + n : "");
    }
    if (provider === "bilibili" && /^(BV[0-9A-Za-z]{10}|av[0-9]{1,12})$/i.test(id)) {
      var key = /^av/i.test(id) ? "aid=" + id.slice(2) : "bvid=" + id;
      return "https://player.bilibili.com/player.html?" + key + "&page=" + Math.max(n, 1) + "&autoplay=1";
    }
    return null;
  }

  document.addEventListener("click", function (event) {
    var card = event.target.closest && event.target.closest("a.kb-web-video[data-kb-video]");
    if (!card || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var src = player(card.getAttribute("data-kb-video"), card.getAttribute("data-kb-video-id") || "",
                     card.getAttribute("data-kb-video-at"));
    if (!src) return;
    event.preventDefault();
    event.stopPropagation();
    var box = document.createElement("span");
    box.className = "kb-web-video-frame";
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = card.textContent;
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    box.appendChild(frame);
    card.replaceWith(box);
  }, true);
})();
