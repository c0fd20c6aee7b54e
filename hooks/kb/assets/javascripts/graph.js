// The global graph page (图谱) and the "two steps" view of a note's local graph.
// Positions come from the build (graph/layout.py), so nothing is simulated
// here: the page draws once, then only moves its view box. The data file is
// loaded by a <script> tag, which works from the offline copy on disk too.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var root = new URL("../../", document.currentScript.src);
  var dataUrl = new URL("graph-data.js", root).href;
  var ready = null;

  function loadData() {
    if (!ready) {
      ready = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = dataUrl;
        script.onload = function () { resolve(prepare(window.kbGraphData)); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return ready;
  }

  function prepare(data) {
    var near = data.nodes.map(function () { return []; });
    for (var i = 0; i < data.edges.length; i += 2) {
      near[data.edges[i]].push(data.edges[i + 1]);
      near[data.edges[i + 1]].push(data.edges[i]);
    }
    var byUrl = {};
    data.nodes.forEach(function (n, i) { byUrl[n[1]] = i; });
    return { data: data, near: near, byUrl: byUrl };
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function href(graph, i) {
    return new URL(graph.data.nodes[i][1], root).href;
  }

  function escapeAttr(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function short(title, n) {
    return title.length <= n ? title : title.slice(0, n - 1) + "…";
  }

  // Follows a link as Material's own links are followed: instant navigation
  // where it is on, a page load elsewhere (such as from file://).
  function visit(url) {
    var a = document.createElement("a");
    a.href = url;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // ---- a note's local graph, two steps deep -------------------------------

  // Nodes are HTML links over an SVG of lines, as kb/graph/local.py draws
  // them: Material's instant navigation breaks on SVG links.
  function htmlNode(graph, i, box, x, y, css, label) {
    var a = document.createElement("a");
    a.href = href(graph, i);
    a.className = css + (x < 159 ? " kb-graph-left" : Math.abs(x - 160) <= 1 ? " kb-graph-below" : "");
    a.title = graph.data.nodes[i][0];
    a.style.left = (100 * x / 320).toFixed(2) + "%";
    a.style.top = (100 * y / 320).toFixed(2) + "%";
    var span = document.createElement("span");
    span.textContent = label;
    a.appendChild(span);
    box.appendChild(a);
  }

  function twoSteps(section, graph) {
    var me = graph.byUrl[section.getAttribute("data-note")];
    if (me === undefined) return;
    var byTitle = function (a, b) { return graph.data.nodes[a][0].localeCompare(graph.data.nodes[b][0]); };
    var first = graph.near[me].slice().sort(byTitle).slice(0, 24);
    var seen = {};
    seen[me] = true;
    first.forEach(function (i) { seen[i] = true; });
    var second = [];
    first.forEach(function (i) {
      graph.near[i].forEach(function (j) {
        if (!seen[j] && second.length < 48) { seen[j] = true; second.push([j, i]); }
      });
    });
    var c = 160;
    var box = document.createElement("div");
    box.className = "kb-graph-box kb-graph-two";
    var svg = el("svg", { viewBox: "0 0 320 320", "aria-hidden": "true" }, box);
    var edges = el("g", { "class": "kb-graph-edges" }, svg);
    var at = {};
    at[me] = [c, c];
    var inner = first.map(function (i) { return [i, me]; });
    function ring(list, radius) {
      list.forEach(function (item, k) {
        var angle = -Math.PI / 2 + 2 * Math.PI * k / list.length;
        at[item[0]] = [c + radius * Math.cos(angle), c + radius * Math.sin(angle)];
      });
    }
    ring(inner, 78);
    ring(second, 140);
    inner.concat(second).forEach(function (pair) {
      var a = at[pair[0]], b = at[pair[1]];
      el("line", { x1: a[0].toFixed(1), y1: a[1].toFixed(1), x2: b[0].toFixed(1), y2: b[1].toFixed(1) }, edges);
    });
    second.forEach(function (pair) {
      var p = at[pair[0]];
      htmlNode(graph, pair[0], box, p[0], p[1], "kb-graph-node kb-graph-far", short(graph.data.nodes[pair[0]][0], 7));
    });
    first.forEach(function (i) {
      htmlNode(graph, i, box, at[i][0], at[i][1], "kb-graph-node", short(graph.data.nodes[i][0], 7));
    });
    htmlNode(graph, me, box, c, c, "kb-graph-node kb-graph-current", short(graph.data.nodes[me][0], 9));
    section.querySelector(".kb-graph-box").replaceWith(box);
  }

  function setUpLocal(section) {
    if (section.hasAttribute("data-kb-ready")) return;
    section.setAttribute("data-kb-ready", "");
    var button = section.querySelector(".kb-graph-depth");
    var original = section.querySelector(".kb-graph-box");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (section.classList.toggle("kb-graph-deep")) {
        button.textContent = "只显示直接相连的笔记";
        loadData().then(function (graph) { twoSteps(section, graph); });
      } else {
        button.textContent = "显示两步内的笔记";
        section.querySelector(".kb-graph-box").replaceWith(original);
      }
    });
  }

  // ---- the global graph ---------------------------------------------------

  function drawGlobal(box, graph) {
    var nodes = graph.data.nodes;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      minX = Math.min(minX, n[2]); maxX = Math.max(maxX, n[2]);
      minY = Math.min(minY, n[3]); maxY = Math.max(maxY, n[3]);
    });
    if (!nodes.length) { minX = minY = 0; maxX = maxY = 100; }
    var svg = el("svg", { "class": "kb-graph-svg", role: "img", "aria-label": "全部笔记的图谱" });
    var d = [];
    for (var i = 0; i < graph.data.edges.length; i += 2) {
      var a = nodes[graph.data.edges[i]], b = nodes[graph.data.edges[i + 1]];
      d.push("M" + a[2] + " " + a[3] + "L" + b[2] + " " + b[3]);
    }
    // Thousands of edges would fill the page with ink: the more there are,
    // the fainter each one.
    var ink = Math.max(0.08, Math.min(0.7, 12 / Math.sqrt(d.length || 1)));
    el("path", { "class": "kb-graph-edges", d: d.join(""), "stroke-opacity": ink.toFixed(2) }, svg);
    var lit = el("path", { "class": "kb-graph-lit", d: "" }, svg);
    var layer = el("g", {}, svg);
    var labels = el("g", { "class": "kb-graph-labels", "aria-hidden": "true" }, svg);
    var ranked = nodes.map(function (_, i) { return i; })
      .sort(function (a, b) { return graph.near[b].length - graph.near[a].length; });
    var always = ranked.slice(0, 30);
    // Nodes are SVG groups that behave as links (focusable, Enter or click
    // follows): Material's instant navigation breaks on SVG <a> elements.
    // One string of markup, parsed once: a thousand createElement calls
    // would take most of the time to first drawing.
    var markup = nodes.map(function (n, i) {
      return '<g class="kb-graph-node kb-f' + (n[4] % 8) + '" data-i="' + i + '" tabindex="0" role="link" aria-label="' +
        escapeAttr(n[0]) + '"><circle cx="' + n[2] + '" cy="' + n[3] + '" r="' +
        (2.5 + Math.sqrt(graph.near[i].length)).toFixed(1) + '"/></g>';
    });
    layer.innerHTML = markup.join("");
    var links = Array.prototype.slice.call(layer.children);
    box.appendChild(svg);

    // The view that shows a box of the drawing whole, with room around it
    // for the labels (in screen pixels), in the shape of the canvas.
    var LABEL = 12, SIDE = 80, TOP = 24, BOTTOM = 12;
    function fit(x0, y0, x1, y1, least) {
      var W = svg.clientWidth || 600, H = svg.clientHeight || 400;
      var side = Math.min(SIDE, W / 4);
      var s = Math.max((x1 - x0) / (W - 2 * side), (y1 - y0) / (H - TOP - BOTTOM), least / W);
      var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2 + (BOTTOM - TOP) / 2 * s;
      return [cx - W * s / 2, cy - H * s / 2, W * s, H * s];
    }
    // The canvas takes the drawing's shape, between a short box and most of
    // the screen's height: a wide drawing on a phone leaves no empty band.
    var W0 = svg.clientWidth || 600;
    var want = (W0 - 2 * Math.min(SIDE, W0 / 4)) * (maxY - minY) / Math.max(1, maxX - minX) + TOP + BOTTOM + 40;
    svg.style.height = Math.round(Math.max(280, Math.min(want, 0.7 * window.innerHeight, 800))) + "px";
    var home = fit(minX, minY, maxX, maxY, 1);
    var view = home.slice();

    // Labels stay inside the view and never cover one another: one near an
    // edge reads inwards, and one that would overlap a label already placed
    // (a better-linked note's, or a match's) is left out. On a phone that
    // leaves the few that fit; zooming in shows more.
    function textWidth(text) {
      var w = 0;
      for (var k = 0; k < text.length; k++) w += text.charCodeAt(k) > 0x2e7f ? LABEL : LABEL * 0.55;
      return w;
    }
    function showLabels(list) {
      labels.textContent = "";
      var W = svg.clientWidth || 600, H = svg.clientHeight || 400, s = view[2] / W;
      var placed = [];
      list.slice(0, 200).forEach(function (i) {
        if (placed.length >= 60) return;
        var n = nodes[i], text = short(n[0], 12), w = textWidth(text);
        var r = 2.5 + Math.sqrt(graph.near[i].length);  // the dot's radius
        var px = (n[2] - view[0]) / s, py = (n[3] - r - view[1]) / s - 3;  // above the dot
        if (py - LABEL < 1) py = (n[3] + r - view[1]) / s + LABEL + 1;  // else below it
        if (px < -2 || px > W + 2 || py - LABEL < 0 || py > H - 2) return;
        var anchor = "middle", left = px - w / 2;
        if (left < 2) { anchor = "start"; left = Math.max(2, px - LABEL); }
        else if (left + w > W - 2) { anchor = "end"; left = Math.min(W - 2, px + LABEL) - w; }
        var b = [left - 2, py - LABEL - 1, left + w + 2, py + 2];
        if (placed.some(function (q) { return b[0] < q[2] && q[0] < b[2] && b[1] < q[3] && q[1] < b[3]; })) return;
        placed.push(b);
        var x = anchor === "start" ? left : anchor === "end" ? left + w : px;
        var t = el("text", { x: (view[0] + x * s).toFixed(1), y: (view[1] + py * s).toFixed(1), "text-anchor": anchor, "class": "kb-graph-label" }, labels);
        t.textContent = text;
      });
    }

    var shown = null;
    function setView(v) {
      view = v;
      svg.setAttribute("viewBox", v.map(function (x) { return x.toFixed(1); }).join(" "));
      svg.style.setProperty("--kb-scale", (v[2] / svg.clientWidth || 1).toFixed(3));
      if (shown) showLabels(shown);
    }
    shown = always;
    setView(view);

    var on = [];
    function clear() {
      svg.classList.remove("kb-graph-focus");
      on.forEach(function (i) { links[i].classList.remove("kb-graph-on"); });
      on = [];
      lit.setAttribute("d", "");
      shown = always;
      showLabels(always);
    }
    function highlight(list, edgesOf) {
      clear();
      if (!list.length) return;
      svg.classList.add("kb-graph-focus");
      var path = [];
      on = list.slice();
      if (edgesOf !== undefined) {
        var a = nodes[edgesOf];
        graph.near[edgesOf].forEach(function (j) {
          on.push(j);
          path.push("M" + a[2] + " " + a[3] + "L" + nodes[j][2] + " " + nodes[j][3]);
        });
      }
      on.forEach(function (i) { links[i].classList.add("kb-graph-on"); });
      lit.setAttribute("d", path.join(""));
      // The hovered or first note's label first, then the best-linked.
      shown = on.slice(0, 1).concat(on.slice(1).sort(function (a, b) {
        return graph.near[b].length - graph.near[a].length;
      }));
      showLabels(shown);
    }

    layer.addEventListener("mouseover", function (event) {
      var g = event.target.closest("[data-i]");
      if (g) highlight([+g.getAttribute("data-i")], +g.getAttribute("data-i"));
    });
    layer.addEventListener("focusin", function (event) {
      var g = event.target.closest("[data-i]");
      if (g) highlight([+g.getAttribute("data-i")], +g.getAttribute("data-i"));
    });
    layer.addEventListener("keydown", function (event) {
      var g = event.target.closest("[data-i]");
      if (g && event.key === "Enter") visit(href(graph, +g.getAttribute("data-i")));
    });
    layer.addEventListener("mouseout", function () { if (!find.value) clear(); });

    // Pan by dragging, zoom with the wheel around the pointer.
    var drag = null, moved = false;
    svg.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY, view: view.slice() };
      moved = false;
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var scale = view[2] / svg.clientWidth;
      var dx = (event.clientX - drag.x) * scale, dy = (event.clientY - drag.y) * scale;
      if (Math.abs(dx) + Math.abs(dy) > 2 * scale) moved = true;
      setView([drag.view[0] - dx, drag.view[1] - dy, view[2], view[3]]);
    });
    window.addEventListener("pointerup", function () { drag = null; });
    svg.addEventListener("click", function (event) {
      var g = event.target.closest("[data-i]");
      if (g && !moved) visit(href(graph, +g.getAttribute("data-i")));
      moved = false;
    });
    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      var rect = svg.getBoundingClientRect();
      var factor = Math.exp(event.deltaY * 0.0015);
      var px = view[0] + (event.clientX - rect.left) / rect.width * view[2];
      var py = view[1] + (event.clientY - rect.top) / rect.height * view[3];
      var w = Math.min(home[2] * 4, Math.max(20, view[2] * factor));
      var h = w * view[3] / view[2];
      setView([px - (px - view[0]) * w / view[2], py - (py - view[1]) * h / view[3], w, h]);
    }, { passive: false });

    // Find a note by title or tag: the matches light up and fill the view.
    var find = box.parentNode.querySelector(".kb-graph-find");
    var tags = graph.data.tags.map(function (t) { return t.toLowerCase(); });
    find.addEventListener("input", function () {
      var q = find.value.trim().toLowerCase();
      if (!q) { clear(); setView(home); return; }
      var hits = [];
      nodes.forEach(function (n, i) {
        if (n[0].toLowerCase().indexOf(q) >= 0 ||
            n[5].some(function (t) { return tags[t].indexOf(q) >= 0; })) hits.push(i);
      });
      highlight(hits);
      if (!hits.length) return;
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      hits.forEach(function (i) {
        x0 = Math.min(x0, nodes[i][2]); x1 = Math.max(x1, nodes[i][2]);
        y0 = Math.min(y0, nodes[i][3]); y1 = Math.max(y1, nodes[i][3]);
      });
      // Every match in view, with room for its label; zoomed in at most
      // three times, and never farther out than the whole graph.
      var v = fit(x0, y0, x1, y1, Math.max(120, home[2] / 3));
      setView(v[2] > home[2] ? home : v);
    });
    find.addEventListener("keydown", function (event) {
      var first = svg.querySelector(".kb-graph-on");
      if (event.key === "Enter" && first) visit(href(graph, +first.getAttribute("data-i")));
    });
    box.setAttribute("data-kb-drawn", String(nodes.length));
  }

  function setUp() {
    Array.prototype.forEach.call(document.querySelectorAll(".kb-local-graph"), setUpLocal);
    var box = document.querySelector("[data-kb-graph]");
    if (box && !box.hasAttribute("data-kb-ready")) {
      box.setAttribute("data-kb-ready", "");
      loadData().then(function (graph) { drawGlobal(box, graph); });
    }
  }

  // As in math.js: document$ announces instant page changes; from file:// it
  // never emits, so the first page is also set up on its own.
  if (window.document$) window.document$.subscribe(setUp);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
