/* Text alternative for every chart (WCAG 1.1.1, BITV 2.0): after each drawing, a table that screen
   readers read (visually hidden) follows the chart, with one row per category or month and one column
   per series, built from what the chart shows. Values come with the labels the server wrote on the
   chart (bar texts, hover texts) where there are any; otherwise in de-DE number format. Maps are left
   out: the Karte has its own table of every area below it. */
(function () {
  "use strict";
  const NUMBER = new Intl.NumberFormat("de-DE", {maximumFractionDigits: 1});
  const SKIP = /^(choropleth|scattermap|densitymap|scattergeo)/;

  const MONEY = new Intl.NumberFormat("de-DE", {minimumFractionDigits: 2, maximumFractionDigits: 2});
  const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$/;

  function plain(value, unit) {
    if (value === null || value === undefined || value === "") return "–";
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return "–";
      const money = unit && unit.suffix.includes("€");
      const text = (money ? MONEY : NUMBER).format(value).replace("-", "\u2212");
      return unit ? (unit.prefix + text + unit.suffix).trim() : text;
    }
    const day = ISO_DAY.exec(String(value));
    if (day) return day[3] + "." + day[2] + "." + day[1];
    return String(value).replace(/<br\s*\/?>/gi, " ").replace(/<[^>]+>/g, "").trim();
  }

  function unitOf(gd, axis) {
    const a = (gd._fullLayout && gd._fullLayout[axis]) || (gd.layout && gd.layout[axis]) || {};
    return {prefix: a.tickprefix || "", suffix: a.ticksuffix || ""};
  }

  function title(gd) {
    const own = gd.layout && gd.layout.title && (gd.layout.title.text || gd.layout.title);
    if (typeof own === "string" && own.trim()) return plain(own);
    const section = gd.closest(".section-card");
    const heading = section && section.querySelector(".section-title, h2, h3");
    return heading ? heading.textContent.trim() : "Diagramm";
  }

  function axisTitle(gd, axis) {
    const a = gd.layout && gd.layout[axis];
    const t = a && a.title && (a.title.text || a.title);
    return typeof t === "string" && t.trim() ? plain(t) : "";
  }

  function series(gd) {
    return (gd.data || []).filter(t => t && !SKIP.test(t.type || "scatter") && t.visible !== false
      && t.visible !== "legendonly" && (t.x || t.y || t.values));
  }

  function cell(trace, i, value, unit) {
    const text = Array.isArray(trace.text) ? trace.text[i] : null;
    return text !== null && text !== undefined && String(text).trim() ? plain(text) : plain(value, unit);
  }

  function build(gd) {
    const traces = series(gd);
    if (!traces.length) return null;
    const rows = new Map();  // category → {series name → shown value}
    const names = [];
    traces.forEach((trace, n) => {
      const own = trace.name ? plain(trace.name) : "";
      const valueName = (trace.orientation === "h" ? "xaxis" : "yaxis") + (trace.yaxis && trace.yaxis !== "y"
        && trace.orientation !== "h" ? trace.yaxis.slice(1) : "");
      const valueAxis = axisTitle(gd, valueName);
      const unit = unitOf(gd, valueName);
      const name = own || (traces.length === 1 ? valueAxis || title(gd) : "Reihe " + (n + 1));
      if (!names.includes(name)) names.push(name);
      const pie = trace.type === "pie";
      const across = pie ? trace.labels : (trace.orientation === "h" ? trace.y : trace.x);
      const along = pie ? trace.values : (trace.orientation === "h" ? trace.x : trace.y);
      (along || []).forEach((value, i) => {
        const key = plain(across ? across[i] : i + 1);
        if (!rows.has(key)) rows.set(key, {});
        rows.get(key)[name] = cell(trace, i, value, unit);
      });
    });
    const horizontal = traces[0].orientation === "h";
    const first = axisTitle(gd, horizontal ? "yaxis" : "xaxis") || "Kategorie";
    // the holder hides it (a table itself does not clip its rows, which would make the page scroll)
    const holder = document.createElement("div");
    holder.className = "visually-hidden chart-text-holder";
    const table = holder.appendChild(document.createElement("table"));
    table.className = "chart-text";
    const caption = table.createCaption();
    caption.textContent = "Werte des Diagramms „" + title(gd) + "“";
    const head = table.createTHead().insertRow();
    [first, ...names].forEach(text => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.appendChild(th);
    });
    const body = table.createTBody();
    rows.forEach((values, key) => {
      const row = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = key;
      row.appendChild(th);
      names.forEach(name => { row.insertCell().textContent = values[name] || "–"; });
    });
    return holder;
  }

  function attach(gd) {
    if (!gd || !gd.parentElement) return;
    const old = gd.parentElement.querySelector(":scope > .chart-text-holder");
    const holder = build(gd);
    if (old) old.remove();
    if (holder) gd.insertAdjacentElement("afterend", holder);
  }

  function watch(gd) {
    if (gd.dataset.chartText) return;
    gd.dataset.chartText = "1";
    gd.on("plotly_afterplot", () => attach(gd));
    attach(gd);
  }

  function scan() {
    document.querySelectorAll(".js-plotly-plot").forEach(gd => { if (typeof gd.on === "function") watch(gd); });
  }

  let pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; scan(); });
  }

  new MutationObserver(soon).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", scan);
})();
