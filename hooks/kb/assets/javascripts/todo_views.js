// The TODO page's views and filters, and the dates counted from the reader's
// today: "已开 N 天" and "已逾期". The page lists every item by note, which
// is what a reader without JavaScript sees; the other views move the open
// items into one list, sorted, and "按笔记" puts each back where it was.
// Pages without a TODO list are left alone.
(function () {
  "use strict";

  var DAY = 24 * 60 * 60 * 1000;

  // A local date at midnight, from "YYYY-MM-DD".
  function localDate(text) {
    var parts = text.split("-");
    return new Date(+parts[0], parts[1] - 1, +parts[2]);
  }

  function today() {
    var now = new Date();
    return new Date(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function datesFromToday(root) {
    var now = today();
    root.querySelectorAll(".kb-age[data-opened]").forEach(function (el) {
      var days = Math.round((now - localDate(el.getAttribute("data-opened"))) / DAY);
      el.textContent = "已开 " + days + " 天";
    });
    root.querySelectorAll(".kb-due[data-due]").forEach(function (el) {
      var due = el.getAttribute("data-due");
      var overdue = localDate(due) < now;
      var item = el.closest(".kb-todo-item");
      el.textContent = (overdue ? "已逾期 · 截止 " : "截止 ") + due;
      el.classList.toggle("kb-overdue", overdue);
      if (item) item.classList.toggle("kb-todo-overdue", overdue && !item.closest("details"));
    });
  }

  function byOrder(a, b) {
    return a.order - b.order;
  }

  // Empty values last, then the earlier value first.
  function byText(key) {
    return function (a, b) {
      var x = a.el.getAttribute(key), y = b.el.getAttribute(key);
      if (x !== y) {
        if (!x) return 1;
        if (!y) return -1;
        return x < y ? -1 : 1;
      }
      return 0;
    };
  }

  var ORDERS = {
    note: [byOrder],
    due: [byText("data-due"), byOrder],
    priority: [
      function (a, b) { return a.el.getAttribute("data-priority") - b.el.getAttribute("data-priority"); },
      byText("data-due"),
      byOrder
    ],
    age: [byText("data-opened"), byOrder]
  };

  function compare(keys) {
    return function (a, b) {
      for (var i = 0; i < keys.length; i++) {
        var c = keys[i](a, b);
        if (c) return c;
      }
      return 0;
    };
  }

  function matches(el, filters) {
    var tag = filters.tag, folder = filters.folder, kind = filters.kind;
    if (kind && el.getAttribute("data-kind") !== kind) return false;
    var own = el.getAttribute("data-folder");
    if (folder && own !== folder && own.indexOf(folder + "/") !== 0) return false;
    if (tag && JSON.parse(el.getAttribute("data-tags")).indexOf(tag) < 0) return false;
    return true;
  }

  function setUp(controls) {
    if (controls.getAttribute("data-ready")) return;
    controls.setAttribute("data-ready", "1");
    var root = controls.parentNode;
    var byNote = root.querySelector(".kb-todo-by-note");
    var flat = root.querySelector(".kb-todo-flat");
    var none = root.querySelector(".kb-todo-none");
    var items = Array.prototype.map.call(byNote.querySelectorAll(".kb-todo-open > .kb-todo-item"), function (el) {
      return { el: el, home: el.parentNode, order: +el.getAttribute("data-order") };
    });
    var all = byNote.querySelectorAll(".kb-todo-item");
    var state = { view: "note", filters: {} };

    function show() {
      var sorted = items.slice().sort(compare(ORDERS[state.view]));
      var flatView = state.view !== "note";
      sorted.forEach(function (item) { (flatView ? flat : item.home).appendChild(item.el); });
      flat.hidden = !flatView;
      byNote.hidden = flatView;
      var shown = 0;
      Array.prototype.forEach.call(all, function (el) {
        var visible = matches(el, state.filters);
        el.hidden = !visible;
        if (visible && el.closest(".kb-todo-open, .kb-todo-flat")) shown += 1;
      });
      byNote.querySelectorAll(".kb-todo-group").forEach(function (group) {
        group.hidden = !group.querySelector(".kb-todo-item:not([hidden])");
      });
      none.hidden = shown > 0;
      controls.querySelectorAll("[data-view]").forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-view") === state.view));
        button.classList.toggle("md-button--primary", button.getAttribute("data-view") === state.view);
      });
    }

    controls.addEventListener("click", function (event) {
      var button = event.target.closest("[data-view]");
      if (!button) return;
      state.view = button.getAttribute("data-view");
      show();
    });
    controls.addEventListener("change", function (event) {
      var select = event.target.closest("[data-filter]");
      if (!select) return;
      state.filters[select.getAttribute("data-filter")] = select.value;
      show();
    });
    controls.hidden = false;
    show();
  }

  function run() {
    var controls = document.querySelector(".kb-todo-views");
    if (!controls) return;
    datesFromToday(controls.parentNode);
    setUp(controls);
  }

  // See math.js: Material's document$ announces every instant page change,
  // and from file:// it never emits, so the first page is also set up here.
  if (window.document$) window.document$.subscribe(run);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
