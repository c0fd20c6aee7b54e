// Hover previews: pointing at a link to a note, or reaching it with Tab,
// shows the note's opening, the section or the block the link names.
// The data is built with the site (kb/emit/previews.py): a listing of the
// notes' pages and one small script per note, loaded by <script> tags on the
// first hover (fetch() fails from file://) and kept for the visit. A touch
// never previews: a tap just follows the link.
//
// Two more kinds of link preview: an arXiv link shows the paper's card from
// the papers cache (previews/papers.js, kb/emit/papers_data.py; arXiv is
// never asked), and an equation reference (\eqref, \ref) shows the equation.
(function () {
  "use strict";
  var root = new URL("../../", document.currentScript.src);
  var dataDir = new URL("previews/", root);
  var SHOW_DELAY = 300;
  var HIDE_DELAY = 200;
  var store = {};    // what each loaded script registered, by name
  var loading = {};  // name → promise of its data (null when it failed)
  var box = null;
  var shownFor = null;
  var pendingFor = null;
  var hoverable = window.matchMedia("(hover: hover)");
  var showTimer = 0;
  var hideTimer = 0;
  var generation = 0;  // bumped on every hide: a late load shows nothing

  window.kbPreviews = {
    add: function (name, data) { store[name] = data; }
  };

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = new URL(name + ".js", dataDir).href;
        script.async = true;
        script.onload = function () { resolve(store[name] || null); };
        script.onerror = function () { resolve(null); };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  // The page a URL is, as the listing names it: its path under the site's
  // root, decoded, without index.html; null for another site or host.
  function pageKey(url) {
    if (url.protocol !== root.protocol || url.host !== root.host) return null;
    try {
      var path = decodeURIComponent(url.pathname);
      var base = decodeURIComponent(root.pathname);
      if (path.indexOf(base) !== 0) return null;
      return path.slice(base.length).replace(/index\.html$/, "");
    } catch (error) {
      return null;  // a malformed %-escape
    }
  }

  function linkTarget(link) {
    if (!link.closest(".md-content") || link.closest(".kb-preview") || link.classList.contains("headerlink")) {
      return null;
    }
    var url = new URL(link.href, location.href);
    var key = pageKey(url);
    if (key === null) return null;
    var hash = "";
    try { hash = decodeURIComponent(url.hash.slice(1)); } catch (error) { return null; }
    return { key: key, hash: hash, page: url.href.split("#")[0], self: key === pageKey(new URL(location.href)) };
  }

  // The part a link names: a section by its heading id, a block by its id,
  // else the opening; a link within the same page to anything else
  // (a footnote, a TODO mark) shows nothing.
  function part(data, target) {
    var section = target.hash && data.sections[target.hash];
    if (section) return { title: data.title + " › " + section[0], html: section[1] };
    var block = target.hash && data.blocks[target.hash];
    if (block) return { title: data.title, html: block };
    if (target.self) return null;
    return { title: data.title, html: data.opening };
  }

  // The same ids as the papers page (kb/parse/note.py's ARXIV_RE).
  var ARXIV = /^https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf|html)\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/i;

  function paperOf(link) {
    if (!link.closest(".md-content") || link.closest(".kb-preview")) return null;
    var m = ARXIV.exec(link.href);
    return m ? m[1] : null;
  }

  function paperCard(paper) {
    var fragment = document.createDocumentFragment();
    var about = document.createElement("p");
    var small = document.createElement("small");
    small.textContent = [paper.authors, paper.year].filter(Boolean).join(" · ");
    about.appendChild(small);
    var abstract = document.createElement("p");
    abstract.textContent = paper.abstract;  // arXiv's text: never markup
    fragment.append(about, abstract);
    return fragment;
  }

  // The numbered equation an \eqref inside a formula links to, drawn again.
  function equationOf(link) {
    var hash = link.getAttribute("href") || "";
    if (hash.charAt(0) !== "#" || !link.closest("mjx-container") || link.closest(".kb-preview")) return null;
    var target = null;
    try { target = document.getElementById(decodeURIComponent(hash.slice(1))); } catch (error) { return null; }
    var formula = target && target.closest("mjx-container");
    if (!formula) return null;
    // Its number as the hidden MathML reads it: the n-th labelled row's first cell.
    var rows = Array.prototype.filter.call(formula.querySelectorAll("[id]"), function (el) {
      return !el.closest("mjx-assistive-mml");
    });
    var labelled = formula.querySelectorAll("mjx-assistive-mml mlabeledtr");
    var row = labelled[rows.indexOf(target)];
    var copy = formula.cloneNode(true);
    copy.removeAttribute("id");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    return { title: "公式" + (row && row.firstElementChild ? " " + row.firstElementChild.textContent : ""), formula: copy };
  }

  // Links and images in the preview point where they pointed on the note's page.
  function rebase(fragment, page) {
    Array.prototype.forEach.call(fragment.querySelectorAll("[href], [src]"), function (el) {
      ["href", "src"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value !== null) el.setAttribute(attr, new URL(value, page).href);
      });
    });
  }

  function makeBox() {
    box = document.createElement("div");
    box.className = "kb-preview md-typeset";
    box.id = "kb-preview";
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    box.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    box.addEventListener("pointerleave", scheduleHide);
    document.body.appendChild(box);
  }

  function place(link) {
    var rect = link.getBoundingClientRect();
    var gap = 6;
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = Math.min(rect.left, window.innerWidth - width - 8);
    var below = rect.bottom + gap + height <= window.innerHeight || rect.top < height + gap;
    var top = below ? rect.bottom + gap : rect.top - gap - height;
    box.style.left = Math.max(8, left) + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function display(link, titleText, content) {
    if (!box || !box.isConnected) makeBox();
    var title = document.createElement("div");
    title.className = "kb-preview__title";
    title.textContent = titleText;
    box.replaceChildren(title, content);
    box.hidden = false;
    place(link);
    shownFor = link;
    link.setAttribute("aria-describedby", box.id);
  }

  function show(link) {
    var expected = generation;
    var equation = equationOf(link);
    if (equation) return display(link, equation.title, equation.formula);
    var paper = paperOf(link);
    if (paper) {
      load("papers").then(function (papers) {
        var card = papers && papers[paper];
        if (card && expected === generation && link.isConnected) display(link, card.title, paperCard(card));
      });
      return;
    }
    var target = linkTarget(link);
    if (!target) return;
    load("index").then(function (listing) {
      var name = listing && listing[target.key];
      return name ? load(name) : null;
    }).then(function (data) {
      var shown = data && part(data, target);
      if (!shown || expected !== generation || !link.isConnected) return;
      var template = document.createElement("template");
      template.innerHTML = shown.html;  // the site's own rendered HTML, escaped at build time
      rebase(template.content, target.page);
      display(link, shown.title, template.content);
      if (window.kbMath) window.kbMath.typeset(box);
      if (window.kbDiagrams) window.kbDiagrams.render();
    });
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    generation += 1;
    if (shownFor) shownFor.removeAttribute("aria-describedby");
    shownFor = null;
    pendingFor = null;
    if (box) {
      box.hidden = true;
      box.replaceChildren();  // no formula or diagram of it is left for the page's own passes
    }
  }

  function scheduleShow(link) {
    clearTimeout(hideTimer);
    if (link === shownFor || link === pendingFor) return;
    hide();
    pendingFor = link;
    showTimer = setTimeout(function () { show(link); }, SHOW_DELAY);
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function linkOf(event) {
    return event.target instanceof Element ? event.target.closest("a[href]") : null;
  }

  document.addEventListener("pointerover", function (event) {
    var link = linkOf(event);
    if (link && event.pointerType !== "touch" && hoverable.matches) scheduleShow(link);
  });
  document.addEventListener("pointerout", function (event) {
    var link = linkOf(event);
    if (link && !(event.relatedTarget instanceof Node && link.contains(event.relatedTarget))) scheduleHide();
  });
  document.addEventListener("pointerdown", function (event) {
    if (!(box && box.contains(event.target))) hide();
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link && link.matches(":focus-visible")) scheduleShow(link);
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event)) scheduleHide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  // Material's instant navigation swaps the page: a preview of the old one goes.
  if (window.document$) window.document$.subscribe(hide);
})();
