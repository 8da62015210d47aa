/* IM-Cockpit presentation mode (served locally with the other assets; no inline script).
 *
 * `?praesentation=1` in the address turns a page into slides: the page declares them (layouts/presentation.py
 * renders the list into #present-slides), each slide shows the KPI row or the cards holding its component ids,
 * everything else is hidden. Charts are raised to the projector sizes the header's data-style-* attributes
 * carry (layouts.presentation.STYLE) and sized to fill the screen; tables too long for the screen show their
 * top rows and "+ N weitere <noun>". PageDown/PageUp, arrow keys (a presenter's clicker sends PageUp/PageDown),
 * Home/End step through the slides, Esc leaves. The slide shown is kept in the address (`folie=<id>`).
 *
 * A played Sitzung (`sitzung=<id>&schritt=<n>`): the slide list holds only the step's slides and carries
 * data-step ("Schritt 3 von 9"), data-next-url / data-prev-url (callbacks/shell.render_slide_list); stepping
 * past the step's last slide opens the next step's address (back: the previous step at its last slide).
 * With data-interval the show advances by itself (a hallway screen starts over at the end); any key or
 * click pauses it, and the header says so ("Automatisch: alle 60 s" / "Angehalten …").
 */
(function () {
  "use strict";

  // pending: the slide the address asks for (folie=…), kept until the page has drawn it or the user steps
  var state = {on: false, index: 0, slides: [], currentId: null, pending: null};
  // a played Sitzung: the step whose slide list we wait for, whether to open it at its last slide, the
  // auto-advance timer and whether a key or click paused it
  var meeting = {waitStep: null, atLast: false, timer: null, paused: false};
  var raised = new WeakMap();   // graph div -> the layout object we raised (a new figure brings a new one)
  var undo = new WeakMap();     // graph div -> {layout: {...}, traces: {...}} to restore on leaving
  var touched = [];             // graph divs raised while presenting
  var listening = new WeakSet();
  var timer = null;

  function bar() { return document.getElementById("present-bar"); }
  function list() { return document.querySelector("#present-slides .present-slide-list"); }
  function content() { return document.getElementById("shell-page-content"); }
  function query() { return new URLSearchParams(window.location.search); }
  function isOn() { var b = bar(); return !!b && query().get(b.dataset.param) === "1"; }

  function style() {
    var d = bar().dataset, s = {};
    Object.keys(d).forEach(function (k) {
      if (k.indexOf("style") === 0) { s[k.charAt(5).toLowerCase() + k.slice(6)] = parseFloat(d[k]); }
    });
    return s;   // {kpi, table, chartFont, chartTick, chartLegend, chartAnnotation, chartText, line, marker}
  }

  // --- the address ------------------------------------------------------------------------------------------

  function withQuery(change) {
    var q = query();
    change(q);
    var search = q.toString();
    return window.location.pathname + (search ? "?" + search : "") + window.location.hash;
  }

  function navigate(change) {
    // a pushState plus Dash's own event: every dcc.Location (shell and page) takes the new query
    window.history.pushState({}, "", withQuery(change));
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    schedule(0);
  }

  function enter() {
    var b = bar();
    navigate(function (q) { q.set(b.dataset.param, "1"); q.delete(b.dataset.slideParam); });
  }

  function leave() {
    var b = bar();
    navigate(function (q) { q.delete(b.dataset.param); q.delete(b.dataset.slideParam); });
  }

  function openStep(url, atLast) {
    // another step of the Sitzung: its page and query; wait for its slide list before showing a slide
    var target = new URL(url, window.location.href);
    meeting.waitStep = target.searchParams.get("schritt");
    meeting.atLast = atLast;
    state.pending = target.searchParams.get(bar().dataset.slideParam);
    state.index = 0;
    state.currentId = null;
    stopAuto();
    document.body.removeAttribute("data-present-ready");
    window.history.pushState({}, "", target.pathname + target.search);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    schedule(0);
  }

  // --- auto-advance -----------------------------------------------------------------------------------------

  function stopAuto() { if (meeting.timer) { window.clearTimeout(meeting.timer); meeting.timer = null; } }

  function showAuto() {
    var l = list(), el = document.getElementById("present-auto");
    if (!el) { return; }
    var text = l && l.dataset.hint ? l.dataset.hint : "";
    if (l && l.dataset.interval) { text = (meeting.paused ? l.dataset.paused : l.dataset.auto) + (text ? " · " + text : ""); }
    el.textContent = text;
    el.hidden = !text;
  }

  function startAuto() {
    stopAuto();
    var l = list(), seconds = l ? parseInt(l.dataset.interval || "", 10) : NaN;
    showAuto();
    if (!state.on || meeting.paused || !(seconds > 0)) { return; }
    meeting.timer = window.setTimeout(function () {
      meeting.timer = null;
      if (state.index < state.slides.length - 1) { go(1); return; }
      var next = list() && (list().dataset.nextUrl || list().dataset.firstUrl);
      if (next) { openStep(next, false); }
    }, seconds * 1000);
  }

  function pause() { if (!meeting.paused && list() && list().dataset.interval) { meeting.paused = true; stopAuto(); showAuto(); } }

  function rememberSlide(id) {
    var b = bar();
    window.history.replaceState(window.history.state, "", withQuery(function (q) { q.set(b.dataset.slideParam, id); }));
  }

  // --- slides -----------------------------------------------------------------------------------------------

  function blockFor(el) {
    var kpi = el.closest(".kpi-card");
    if (kpi) { return kpi.closest(".row") || kpi; }
    return el.closest(".section-card") || el;
  }

  function hasContent(block) {
    return block.textContent.trim() !== "" || block.querySelector(".js-plotly-plot") !== null;
  }

  function collect() {
    var l = list(), slides = [];
    if (!l) { return slides; }
    l.querySelectorAll("li[data-slide]").forEach(function (li) {
      var blocks = [];
      li.dataset.shows.split(" ").forEach(function (id) {
        var el = document.getElementById(id);
        if (!el) { return; }
        var block = blockFor(el);
        if (blocks.indexOf(block) < 0 && hasContent(block)) { blocks.push(block); }
      });
      if (blocks.length) {
        slides.push({id: li.dataset.slide, title: li.textContent, rows: li.dataset.rows || "", blocks: blocks});
      }
    });
    if (!slides.length) {   // nothing the page declared is there (an import not yet checked): its title
      var root = content(), head = root && root.querySelector(".page-title");
      var blocks = head ? [head, head.parentElement.querySelector(".page-subtitle")].filter(Boolean) : [];
      if (blocks.length) { slides.push({id: "seite", title: l.dataset.title, rows: "", blocks: blocks}); }
    }
    return slides;
  }

  function clearMarks() {
    document.querySelectorAll("[data-present]").forEach(function (el) { el.removeAttribute("data-present"); });
    document.querySelectorAll("[data-present-hidden]").forEach(function (el) { el.removeAttribute("data-present-hidden"); });
    document.querySelectorAll("[data-present-more]").forEach(function (el) { el.removeAttribute("data-present-more"); });
    ["data-present-tight", "data-present-short"].forEach(function (name) {
      document.querySelectorAll("[" + name + "]").forEach(function (el) { el.removeAttribute(name); });
    });
  }

  function mark(slide) {
    var root = content();
    clearMarks();
    slide.blocks.forEach(function (block) {
      block.setAttribute("data-present", "block");
      for (var el = block.parentElement; el && el !== root; el = el.parentElement) {
        if (el.getAttribute("data-present") !== "block") { el.setAttribute("data-present", "path"); }
      }
    });
    slide.blocks.forEach(function (block) { if (block.querySelector(".kpi-value")) { widenKpis(block); } });
  }

  function widenKpis(block) {
    // the grid's columns are at least as wide as the widest number (numbers never wrap or overflow)
    var widest = 0;
    var range = document.createRange();
    block.querySelectorAll(".kpi-value").forEach(function (v) {
      range.selectNodeContents(v);
      widest = Math.max(widest, range.getBoundingClientRect().width);
    });
    block.style.setProperty("--present-kpi-width", Math.ceil(widest + 48) + "px");
  }

  function periodText() {
    var l = list(), id = l && l.dataset.periodId, el = id && document.getElementById(id);
    if (!el) { return ""; }
    var field = el.matches("input, select") ? el : el.querySelector("input, select");
    var value = field ? (field.tagName === "SELECT" ? (field.selectedOptions[0] || {}).text : field.value)
      : el.textContent;
    value = (value || "").trim();
    return value ? l.dataset.periodLabel + " " + value : "";
  }

  function updateBar(slide) {
    var b = bar(), l = list();
    document.getElementById("present-title").textContent =
      (l ? l.dataset.title : "") + (slide && slide.title !== (l && l.dataset.title) ? " – " + slide.title : "");
    document.getElementById("present-period").textContent = periodText();
    var step = l && l.dataset.step ? l.dataset.step + " · " : "";
    document.getElementById("present-counter").textContent = step + b.dataset.counter
      .replace("{n}", String(state.index + 1)).replace("{total}", String(state.slides.length));
    document.getElementById("present-previous").disabled = state.index <= 0 && !(l && l.dataset.prevUrl);
    document.getElementById("present-next").disabled = state.index >= state.slides.length - 1 &&
      !(l && l.dataset.nextUrl);
    var s = style(), root = document.documentElement.style;
    root.setProperty("--present-kpi", s.kpi + "px");
    root.setProperty("--present-table", s.table + "px");
  }

  // --- charts -----------------------------------------------------------------------------------------------

  function get(obj, path) {
    return path.split(".").reduce(function (o, k) {
      if (o === undefined || o === null) { return undefined; }
      var m = /^(\w+)\[(\d+)\]$/.exec(k);
      return m ? (o[m[1]] || [])[+m[2]] : o[k];
    }, obj);
  }

  function raise(gd, s) {
    var full = gd._fullLayout, up = {}, traces = {};
    function atLeast(key, current, min) { if (!(current >= min)) { up[key] = min; } }
    atLeast("font.size", full.font.size, s.chartFont);
    Object.keys(full).forEach(function (k) {
      if (!/^[xy]axis\d*$/.test(k)) { return; }
      atLeast(k + ".tickfont.size", full[k].tickfont && full[k].tickfont.size, s.chartTick);
      if (full[k].title && full[k].title.text) { atLeast(k + ".title.font.size", full[k].title.font.size, s.chartTick); }
    });
    if (full.showlegend) { atLeast("legend.font.size", full.legend.font.size, s.chartLegend); }
    (full.shapes || []).forEach(function (shape, i) {
      if (shape.line && shape.line.width > 0) { atLeast("shapes[" + i + "].line.width", shape.line.width, s.line); }
    });
    (full.annotations || []).forEach(function (a, i) {
      atLeast("annotations[" + i + "].font.size", a.font && a.font.size, s.chartAnnotation);
    });
    (gd._fullData || []).forEach(function (t, i) {
      function trace(key, current, min) {
        if (!(current >= min)) { traces[key] = traces[key] || []; traces[key].push([i, min]); }
      }
      if (t.mode && t.mode.indexOf("lines") >= 0 && t.line) { trace("line.width", t.line.width, s.line); }
      if (t.mode && t.mode.indexOf("markers") >= 0 && t.marker && typeof t.marker.size === "number") {
        trace("marker.size", t.marker.size, s.marker);
      }
      if ((t.text !== undefined || t.texttemplate) && t.textfont && typeof t.textfont.size === "number") {
        trace("textfont.size", t.textfont.size, s.chartText);
      }
      if (t.type === "bar" && t.text !== undefined) {
        // bar labels upright and at full size (plotly would turn and shrink them to fit a thin bar)
        if (t.textangle !== 0) { traces.textangle = (traces.textangle || []).concat([[i, 0]]); }
        if (t.constraintext !== "none") { traces.constraintext = (traces.constraintext || []).concat([[i, "none"]]); }
      }
      if (t.showscale && t.colorbar) {
        trace("colorbar.tickfont.size", t.colorbar.tickfont && t.colorbar.tickfont.size, s.chartTick);
        trace("colorbar.title.font.size", t.colorbar.title && t.colorbar.title.font && t.colorbar.title.font.size,
          s.chartTick);
      }
    });
    return {layout: up, traces: traces};
  }

  function remember(gd, change) {
    var old = undo.get(gd) || {layout: {}, traces: {}};
    Object.keys(change.layout).forEach(function (k) {
      if (!(k in old.layout)) { var v = get(gd.layout, k); old.layout[k] = v === undefined ? null : v; }
    });
    Object.keys(change.traces).forEach(function (k) {
      old.traces[k] = old.traces[k] || {};
      change.traces[k].forEach(function (pair) {
        if (!(pair[0] in old.traces[k])) {
          var v = get(gd.data[pair[0]] || {}, k);
          old.traces[k][pair[0]] = v === undefined ? null : v;
        }
      });
    });
    undo.set(gd, old);
    if (touched.indexOf(gd) < 0) { touched.push(gd); }
  }

  function apply(gd, change) {
    remember(gd, change);
    var jobs = [];
    Object.keys(change.traces).forEach(function (k) {
      var pairs = change.traces[k], u = {};
      u[k] = pairs.map(function (p) { return p[1]; });
      jobs.push(window.Plotly.restyle(gd, u, pairs.map(function (p) { return p[0]; })));
    });
    if (Object.keys(change.layout).length) { jobs.push(window.Plotly.relayout(gd, change.layout)); }
    return Promise.all(jobs);
  }

  function graphsOf(slide) {
    var gds = [];
    slide.blocks.forEach(function (b) {
      b.querySelectorAll(".js-plotly-plot").forEach(function (gd) { gds.push(gd); });
    });
    return gds.filter(function (gd) { return gd._fullLayout && window.Plotly; });
  }

  function sizeCharts(slide) {
    var jobs = [];
    slide.blocks.forEach(function (block) {
      var gds = Array.prototype.filter.call(block.querySelectorAll(".js-plotly-plot"),
        function (gd) { return gd._fullLayout; });
      if (!gds.length) { return; }
      var slack = window.innerHeight - 12 - block.getBoundingClientRect().bottom;
      gds.forEach(function (gd) {
        var host = gd.closest(".dash-graph") || gd.parentElement;
        var height = Math.max(240, Math.floor(gd._fullLayout.height + slack / gds.length));
        var width = Math.floor(host.getBoundingClientRect().width);
        if (Math.abs(height - gd._fullLayout.height) > 2 || Math.abs(width - gd._fullLayout.width) > 2) {
          var change = {layout: {height: height, width: width, autosize: false}, traces: {}};
          jobs.push(apply(gd, change));
        }
      });
    });
    return Promise.all(jobs);
  }

  function fitCharts(slide) {
    var s = style(), gds = graphsOf(slide);
    return Promise.all(gds.map(function (gd) {
      if (!listening.has(gd)) {
        listening.add(gd);
        gd.on("plotly_afterplot", function () { if (state.on) { schedule(150); } });
      }
      if (raised.get(gd) === gd.layout) { return null; }
      // a new figure keeps the first values we saved: Plotly changes the figure object it is given, so a
      // page that builds on its shown figure (Szenarien) sends our sizes back as its own
      var change = raise(gd, s);
      raised.set(gd, gd.layout);
      return apply(gd, change);
    })).then(function () { return sizeCharts(slide); }).then(function () { return sizeCharts(slide); });
  }

  function restoreCharts() {
    touched.forEach(function (gd) {
      var old = undo.get(gd);
      if (!old || !gd._fullLayout || !document.body.contains(gd)) { return; }   // a chart the page replaced
      Object.keys(old.traces).forEach(function (k) {
        var idx = Object.keys(old.traces[k]).map(Number), u = {};
        u[k] = idx.map(function (i) { return old.traces[k][i]; });
        window.Plotly.restyle(gd, u, idx);
      });
      window.Plotly.relayout(gd, old.layout);
      undo.delete(gd);
      raised.delete(gd);
    });
    touched = [];
  }

  // --- tables -----------------------------------------------------------------------------------------------

  function overflows() { return document.documentElement.scrollHeight > window.innerHeight; }

  function tooWide(table) { return table.scrollWidth > table.parentElement.clientWidth + 1; }

  function fitTables(slide) {
    var b = bar();
    slide.blocks.forEach(function (block) {
      // a chart's screen-reader table (assets/chart-text.js) is not shown: it is never cut short
      block.querySelectorAll("table:not(.chart-text)").forEach(function (table) {
        // short cells ("Sozialraum 1") stay on one line unless the table is too wide for the screen
        var short = Array.prototype.filter.call(table.querySelectorAll("td"),
          function (td) { return td.textContent.trim().length <= 16; });
        short.forEach(function (td) { td.setAttribute("data-present-short", ""); });
        table.removeAttribute("data-present-tight");
        if (tooWide(table)) { table.setAttribute("data-present-tight", ""); }
        if (tooWide(table)) { short.forEach(function (td) { td.removeAttribute("data-present-short"); }); }
        var rows = table.tBodies.length ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
        var holder = table.parentElement;
        var hidden = 0, counted = 0;
        while (overflows() && hidden < rows.length - 1) {
          hidden += 1;
          var row = rows[rows.length - hidden];
          row.setAttribute("data-present-hidden", "");
          // subtotal rows ("Summe Caritas") start with a header cell and are not counted as rows of the noun
          if (!row.cells.length || row.cells[0].tagName === "TD") { counted += 1; }
          holder.setAttribute("data-present-more", b.dataset.more.replace("{n}", String(counted || hidden))
            .replace("{noun}", slide.rows || b.dataset.rows));
        }
      });
    });
  }

  // --- the show ---------------------------------------------------------------------------------------------

  function render() {
    var slide = state.slides[state.index];
    if (!slide) { return; }
    state.currentId = slide.id;
    mark(slide);
    updateBar(slide);
    fitCharts(slide).then(function () {
      if (state.slides[state.index] === slide) {
        fitTables(slide);
        document.body.setAttribute("data-present-ready", slide.id);
        startAuto();
      }
    });
  }

  function go(step) {
    var l = list(), wanted = state.index + step;
    if (step === 1 && wanted >= state.slides.length && l && l.dataset.nextUrl) { openStep(l.dataset.nextUrl, false); return; }
    if (step === -1 && wanted < 0 && l && l.dataset.prevUrl) { openStep(l.dataset.prevUrl, true); return; }
    var next = Math.max(0, Math.min(state.slides.length - 1, wanted));
    if (next === state.index) { return; }
    state.index = next;
    state.pending = null;
    document.body.removeAttribute("data-present-ready");
    rememberSlide(state.slides[next].id);
    render();
  }

  function rebuild() {
    timer = null;
    var b = bar();
    if (!b) { return; }
    var on = isOn();
    document.body.classList.toggle("presenting", on);
    b.hidden = !on;
    if (!on) {
      stopAuto();
      meeting.waitStep = null;
      if (state.on) { clearMarks(); restoreCharts(); document.body.removeAttribute("data-present-ready"); }
      state.on = false;
      state.currentId = null;
      return;
    }
    if (!state.on) { state.pending = query().get(b.dataset.slideParam); state.index = 0; state.currentId = null; }
    state.on = true;
    if (meeting.waitStep) {
      var l = list();
      if (!l || l.dataset.stepNumber !== meeting.waitStep) { return; }   // the next step's list is on its way
      meeting.waitStep = null;
      var items = l.querySelectorAll("li[data-slide]");
      if (meeting.atLast && items.length) { state.pending = items[items.length - 1].dataset.slide; }
    }
    state.slides = collect();
    var ids = state.slides.map(function (s) { return s.id; });
    var found = ids.indexOf(state.pending || state.currentId);
    if (found >= 0 && ids[found] === state.pending) { state.pending = null; }
    state.index = found >= 0 ? found : Math.min(state.index, Math.max(0, state.slides.length - 1));
    render();
  }

  function schedule(delay) {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(rebuild, delay === undefined ? 120 : delay);
  }

  document.addEventListener("keydown", function (event) {
    if (!state.on || event.altKey || event.ctrlKey || event.metaKey) { return; }
    pause();
    var t = event.target;
    if (t && t.closest && t.closest("input, textarea, select, [contenteditable=true]")) { return; }
    var key = event.key;
    if (key === "PageDown" || key === "ArrowRight" || key === "ArrowDown" || key === " ") { go(1); }
    else if (key === "PageUp" || key === "ArrowLeft" || key === "ArrowUp") { go(-1); }
    else if (key === "Home") { go(-state.index); }
    else if (key === "End") { go(state.slides.length); }
    else if (key === "Escape") { leave(); }
    else { return; }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (state.on) { pause(); }
    var button = event.target.closest && event.target.closest("button");
    if (!button) { return; }
    if (button.id === "present-button") { enter(); }
    else if (button.id === "present-exit") { leave(); }
    else if (button.id === "present-previous") { go(-1); }
    else if (button.id === "present-next") { go(1); }
  });

  window.addEventListener("popstate", function () { schedule(0); });
  window.addEventListener("resize", function () { if (state.on) { schedule(); } });

  function observe() {
    var root = document.getElementById("react-entry-point") || document.body;
    new MutationObserver(function (records) {
      var relevant = records.some(function (r) {
        return !(r.target.closest && r.target.closest(".js-plotly-plot, header"));
      });
      if (relevant) { schedule(); }
    }).observe(root, {childList: true, subtree: true});
    // Dash's own URL changes (links, callbacks writing the query) do not fire popstate
    ["pushState", "replaceState"].forEach(function (name) {
      var original = window.history[name];
      window.history[name] = function () {
        var result = original.apply(this, arguments);
        if (isOn() !== state.on) { schedule(0); }
        return result;
      };
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", observe); } else { observe(); }
})();
