// Canvas pages (kb/canvas): the cards are laid out at build time, as a list
// that reads without JavaScript. This makes the list a board: each card at
// its place, the edges drawn at build time shown, and the view panned by
// dragging (one finger or the mouse), zoomed with the wheel, a pinch, the
// buttons or + and -, and fitted to the window with 0 or the button. Set up
// again after Material's instant navigation (document$), and from file://.
(function () {
  "use strict";
  var MIN = 0.1, MAX = 4;

  function setUp(box) {
    if (box.hasAttribute("data-kb-board")) return;
    var size = (box.getAttribute("data-kb-canvas") || "").split(" ").map(Number);
    var width = size[0], height = size[1];
    if (!(width > 0 && height > 0)) return;
    box.setAttribute("data-kb-board", "");
    var world = document.createElement("div");
    world.className = "kb-canvas-world";
    world.style.width = width + "px";
    world.style.height = height + "px";
    while (box.firstChild) world.appendChild(box.firstChild);
    var view = document.createElement("div");
    view.className = "kb-canvas-viewport";
    view.tabIndex = 0;
    view.setAttribute("role", "group");
    view.setAttribute("aria-label", "画布：拖动平移，滚轮或 + − 缩放，0 适合窗口");
    view.appendChild(world);
    var bar = document.createElement("div");
    bar.className = "kb-canvas-toolbar";
    box.appendChild(bar);
    box.appendChild(view);
    box.classList.add("kb-canvas--board");

    var s = 1, tx = 0, ty = 0;
    function apply() {
      world.style.transform = "translate(" + tx + "px," + ty + "px) scale(" + s + ")";
      box.setAttribute("data-kb-scale", s.toFixed(3));
    }
    function fit() {
      var w = view.clientWidth, h = view.clientHeight;
      s = Math.max(MIN, Math.min(w / width, h / height, 1));
      tx = (w - width * s) / 2;
      ty = (h - height * s) / 2;
      apply();
    }
    function zoom(factor, px, py) {
      var next = Math.max(MIN, Math.min(MAX, s * factor));
      if (px === undefined) { px = view.clientWidth / 2; py = view.clientHeight / 2; }
      tx = px - (px - tx) * next / s;
      ty = py - (py - ty) * next / s;
      s = next;
      apply();
    }
    [["+", "放大", function () { zoom(1.25); }],
     ["−", "缩小", function () { zoom(0.8); }],
     ["⤢", "适合窗口", fit]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b[0];
      button.title = b[1];
      button.setAttribute("aria-label", b[1]);
      button.addEventListener("click", b[2]);
      bar.appendChild(button);
    });

    view.addEventListener("wheel", function (event) {
      event.preventDefault();
      var r = view.getBoundingClientRect();
      zoom(Math.exp(-event.deltaY * (event.deltaMode ? 0.05 : 0.0015)), event.clientX - r.left, event.clientY - r.top);
    }, { passive: false });

    var pointers = {}, moved = false;
    function interactive(target) {
      return target.closest && target.closest("a, button, input, audio, video, iframe, summary, .kb-canvas-toolbar");
    }
    view.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || interactive(event.target)) return;
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      moved = false;
    });
    view.addEventListener("pointermove", function (event) {
      var p = pointers[event.pointerId];
      if (!p) return;
      var ids = Object.keys(pointers);
      if (ids.length === 2) {  // a pinch: zoom by the change in the fingers' distance
        var other = pointers[ids[0] == event.pointerId ? ids[1] : ids[0]];
        var before = Math.hypot(p.x - other.x, p.y - other.y);
        var after = Math.hypot(event.clientX - other.x, event.clientY - other.y);
        var r = view.getBoundingClientRect();
        if (before > 0) zoom(after / before, (event.clientX + other.x) / 2 - r.left, (event.clientY + other.y) / 2 - r.top);
      } else {
        var dx = event.clientX - p.x, dy = event.clientY - p.y;
        if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
        if (!moved) {
          moved = true;
          view.setPointerCapture(event.pointerId);
          view.classList.add("kb-canvas-dragging");
        }
        tx += dx;
        ty += dy;
        apply();
      }
      p.x = event.clientX;
      p.y = event.clientY;
    });
    function up(event) {
      delete pointers[event.pointerId];
      view.classList.remove("kb-canvas-dragging");
    }
    view.addEventListener("pointerup", up);
    view.addEventListener("pointercancel", up);
    view.addEventListener("click", function (event) {  // a drag that ends on a link is no click
      if (moved) { event.preventDefault(); event.stopPropagation(); moved = false; }
    }, true);
    view.addEventListener("keydown", function (event) {
      if (event.target !== view) return;
      var step = 60, handled = true;
      if (event.key === "+" || event.key === "=") zoom(1.25);
      else if (event.key === "-") zoom(0.8);
      else if (event.key === "0") fit();
      else if (event.key === "ArrowLeft") tx += step;
      else if (event.key === "ArrowRight") tx -= step;
      else if (event.key === "ArrowUp") ty += step;
      else if (event.key === "ArrowDown") ty -= step;
      else handled = false;
      if (handled) { event.preventDefault(); apply(); }
    });
    // As tall as the canvas needs at this width, up to three quarters of the window.
    var tall = view.clientWidth * height / width + 16;
    view.style.height = Math.round(Math.max(240, Math.min(window.innerHeight * 0.75, tall))) + "px";
    fit();
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".kb-canvas[data-kb-canvas]"), setUp);
  }

  if (window.document$) window.document$.subscribe(setUpAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
