/* The offline copy, opened from file://: Material does not mount its sidebars
   there, so the navigation grows past the window, cannot be scrolled to its
   end, and the current note is not brought into view. Here the navigation's
   box is sized to the window, as Material sizes it when served, and the
   highlighted note put in its middle. Served, Material does both itself. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function fit() {
    var wrap = document.querySelector(".md-sidebar--primary .md-sidebar__scrollwrap");
    if (!wrap || !wrap.offsetHeight) return; // the drawer, on a narrow screen
    var top = Math.max(wrap.getBoundingClientRect().top, 0);
    wrap.style.height = window.innerHeight - top - 8 + "px";
    wrap.style.overflowY = "auto";
    var link = wrap.querySelector("a.md-nav__link--active");
    if (link && link.offsetHeight) {
      var at = link.getBoundingClientRect().top - wrap.getBoundingClientRect().top + wrap.scrollTop;
      wrap.scrollTop = at - wrap.clientHeight / 2;
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fit);
  else fit();
  window.addEventListener("resize", fit);
})();
