// dyad dashboard: plain JavaScript drawing SVG, no libraries, so the server
// ships it inside the binary and it works offline. All text from the API is
// inserted with textContent, never as HTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUADS = [
  { key: "q1", label: "verbal cooperation", color: "var(--q1)" },
  { key: "q2", label: "material cooperation", color: "var(--q2)" },
  { key: "q3", label: "verbal conflict", color: "var(--q3)" },
  { key: "q4", label: "material conflict", color: "var(--q4)" },
];
const $ = (id) => document.getElementById(id);
const state = { series: null, selected: null, eventsNext: null, eventsQuery: null };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// Fetches JSON; on 401 (a --private server) asks for the token once and
// keeps it for the tab's lifetime.
async function api(path) {
  const headers = {};
  const token = sessionStorage.getItem("dyad-token");
  if (token) headers["Authorization"] = "Bearer " + token;
  const res = await fetch(path, { headers });
  if (res.status === 401 && !api.asked) {
    api.asked = true;
    const t = window.prompt("This dyad server is private. Token:");
    if (t) {
      sessionStorage.setItem("dyad-token", t);
      return api(path);
    }
  }
  const body = await res.json().catch(() => ({ error: res.statusText, status: res.status }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

const qs = (o) =>
  Object.entries(o)
    .filter(([, v]) => v !== "" && v !== null && v !== undefined && v !== false)
    .map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(v))
    .join("&");

function fmt(x, digits = 1) {
  if (x === null || x === undefined) return "–";
  return (x > 0 ? "+" : "") + x.toFixed(digits);
}

// ---------- relations chart ----------

function pairParams() {
  return {
    a: $("code-a").value.trim().toUpperCase(),
    b: $("code-b").value.trim().toUpperCase(),
    by: $("by").value,
    since: $("since").value,
    until: $("until").value,
    directed: $("directed").checked ? "true" : "",
    all_modes: $("all-modes").checked ? "true" : "",
    plover: $("plover").value,
  };
}

async function loadSeries() {
  const p = pairParams();
  const arrow = p.directed ? "→" : "–";
  $("chart-title").textContent = `${p.a}${arrow}${p.b} relations`;
  $("chart-msg").textContent = "";
  $("chart").replaceChildren();
  clearEvents();
  try {
    const s = await api("/api/relations?" + qs(p));
    state.series = s;
    $("chart-title").textContent = s.title;
    const modes = (s.plover ? `PLOVER ${s.plover} ` : "") + (s.modes === "all" ? "events, all modes" : "asserted and planned events");
    const span = s.points.length ? `${s.points[0].period} to ${s.points[s.points.length - 1].period}` : "no events";
    $("chart-sub").textContent = `${s.total_events} ${modes} by ${s.by}, ${span}; events placed on their own date`;
    drawChart(s);
    loadMap(s);
  } catch (e) {
    state.series = null;
    $("chart-sub").textContent = "";
    $("chart-msg").textContent = e.message;
  }
}

function drawLegend() {
  const items = QUADS.map((q) => el("span", {}, el("i", { style: null }), q.label));
  items.forEach((s, i) => (s.firstChild.style.background = QUADS[i].color));
  const line = el("span", {}, el("i", { class: "line" }), "Goldstein mean (right axis)");
  $("legend").replaceChildren(...items, line);
}

function niceMax(v) {
  if (v <= 5) return 5;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function drawChart(s) {
  const pts = s.points;
  const box = $("chart");
  if (!pts.length) {
    box.replaceChildren();
    $("chart-msg").textContent = `No ${s.a}–${s.b} events in the database for these settings.`;
    return;
  }
  const W = 960, H = 400, L = 58, R = 62, T = 16, B = 62;
  const iw = W - L - R, ih = H - T - B;
  const maxN = niceMax(Math.max(1, ...pts.map((p) => p.events)));
  const band = iw / pts.length;
  const bw = Math.max(1.5, Math.min(48, band * 0.78));
  const x = (i) => L + band * i + band / 2;
  const yN = (n) => T + ih - (n / maxN) * ih;
  const yG = (g) => T + ih / 2 - (g / 10) * (ih / 2);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", id: "chart-svg" });
  root.append(svg("title", {}, s.title));

  // Grid and left axis (event counts).
  const axisL = svg("g", { class: "axis" });
  for (let k = 0; k <= 5; k++) {
    const n = (maxN / 5) * k;
    const y = yN(n);
    root.append(svg("line", { class: "grid", x1: L, x2: W - R, y1: y, y2: y }));
    axisL.append(svg("text", { x: L - 8, y: y + 4, "text-anchor": "end" }, String(Math.round(n * 10) / 10)));
  }
  root.append(axisL);
  // Right axis (Goldstein, fixed -10..+10 so periods compare across pairs).
  const axisR = svg("g", { class: "axis" });
  for (const g of [-10, -5, 0, 5, 10]) {
    axisR.append(svg("text", { x: W - R + 8, y: yG(g) + 4 }, (g > 0 ? "+" : "") + g));
  }
  root.append(axisR);
  root.append(svg("line", { class: "zero", x1: L, x2: W - R, y1: yG(0), y2: yG(0) }));

  // Stacked QuadClass bars.
  const bars = svg("g", { class: "bars" });
  pts.forEach((p, i) => {
    let base = 0;
    for (const q of QUADS) {
      const n = p[q.key];
      if (!n) continue;
      const y0 = yN(base), y1 = yN(base + n);
      bars.append(svg("rect", { class: "bar " + q.key, x: x(i) - bw / 2, y: y1, width: bw, height: Math.max(0.5, y0 - y1), fill: getComputedStyle(document.documentElement).getPropertyValue("--" + q.key).trim() }));
      base += n;
    }
  });
  root.append(bars);

  // Goldstein mean line through the periods that have events.
  const withMean = pts.map((p, i) => [p, i]).filter(([p]) => p.goldstein_mean !== null);
  if (withMean.length) {
    const d = withMean.map(([p, i], k) => `${k ? "L" : "M"}${x(i).toFixed(1)},${yG(p.goldstein_mean).toFixed(1)}`).join(" ");
    root.append(svg("path", { class: "gs-line", d }));
    for (const [p, i] of withMean) root.append(svg("circle", { class: "gs-dot", cx: x(i), cy: yG(p.goldstein_mean), r: 3.5 }));
  }

  // Full-height click targets, so thin bars are easy to hit.
  const hits = svg("g", { class: "hits" });
  pts.forEach((p, i) => {
    const r = svg("rect", {
      class: "hit" + (p.events ? " has-events" : ""),
      x: L + band * i, y: T, width: Math.max(band, 1), height: ih,
      "data-period": p.period, "data-events": p.events,
    });
    const q = QUADS.map((qq) => `${qq.label} ${p[qq.key]}`).join(", ");
    r.append(svg("title", {}, `${p.period}: ${p.events} events (${q}); Goldstein mean ${fmt(p.goldstein_mean)}`));
    r.addEventListener("click", () => selectPeriod(i, r));
    hits.append(r);
  });
  root.append(hits);

  // X labels: at most ~12, on period boundaries.
  const axisX = svg("g", { class: "axis" });
  // Long monthly or quarterly series are labelled at each new year, which
  // reads better than every n-th period.
  const years = pts.map((p, i) => [p, i]).filter(([p]) => p.start.endsWith("-01-01"));
  let ticks;
  if (s.by !== "year" && s.by !== "week" && pts.length > 24 && years.length >= 2) {
    const ystep = Math.max(1, Math.ceil(years.length / 14));
    ticks = years.filter((_, k) => k % ystep === 0).map(([p, i]) => [p.start.slice(0, 4), i]);
  } else {
    const step = Math.max(1, Math.ceil(pts.length / 12));
    ticks = pts.map((p, i) => [p.period, i]).filter(([, i]) => i % step === 0);
  }
  for (const [label, i] of ticks) {
    const tx = L + band * i;
    axisX.append(svg("line", { x1: tx, x2: tx, y1: T + ih, y2: T + ih + 5, stroke: "#9aa3b5" }));
    axisX.append(svg("text", { x: tx, y: T + ih + 19, "text-anchor": "middle" }, label));
  }
  root.append(axisX);
  root.append(svg("line", { x1: L, x2: W - R, y1: T + ih, y2: T + ih, stroke: "#9aa3b5" }));

  // Axis titles.
  root.append(svg("text", { class: "axis-title", x: L + iw / 2, y: H - 12, "text-anchor": "middle" }, `${s.by} (event date)`));
  root.append(svg("text", { class: "axis-title", transform: `translate(16 ${T + ih / 2}) rotate(-90)`, "text-anchor": "middle" }, "events per " + s.by + " (bars)"));
  root.append(svg("text", { class: "axis-title", transform: `translate(${W - 12} ${T + ih / 2}) rotate(90)`, "text-anchor": "middle" }, "Goldstein mean (line, −10 … +10)"));
  box.replaceChildren(root);
}

// ---------- map ----------

const MAP_W = 960, MAP_H = 440, MAP_TOP = 84, MAP_BOTTOM = -58;

function project(lon, lat) {
  return [((lon + 180) / 360) * MAP_W, ((MAP_TOP - lat) / (MAP_TOP - MAP_BOTTOM)) * MAP_H];
}

// Country outlines from the vendored Natural Earth TopoJSON, as SVG path data.
async function worldPaths() {
  if (worldPaths.cache) return worldPaths.cache;
  const t = await api("/world.json");
  const [sx, sy] = t.transform.scale, [tx, ty] = t.transform.translate;
  const arcs = t.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ring = (idx) => {
    const pts = [];
    for (const i of idx) {
      const a = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      pts.push(...(pts.length ? a.slice(1) : a));
    }
    let d = "", prev = null;
    for (const [lon, lat] of pts) {
      const [x, y] = project(lon, lat);
      // A jump across the antimeridian starts a new piece instead of a line across the map.
      d += (prev === null || Math.abs(lon - prev) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
      prev = lon;
    }
    return d + "Z";
  };
  worldPaths.cache = t.objects.countries.geometries.map((g) => {
    const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    return { name: (g.properties || {}).name || "", d: polys.map((p) => p.map(ring).join("")).join("") };
  });
  return worldPaths.cache;
}

// The placed events of the chart's dyad, dates, modes and PLOVER type.
async function loadMap(s) {
  const box = $("map"), list = $("map-events");
  $("map-title").textContent = `Where ${s.a}–${s.b} events happened`;
  try {
    const [shapes, page] = await Promise.all([
      worldPaths(),
      api("/api/events?" + qs({
        dyad: `${s.a},${s.b}`, directed: s.directed ? "true" : "", since: s.since || "", until: s.until || "",
        mode: s.modes === "all" ? "" : s.modes.join(","), plover: s.plover || "", limit: 1000,
      })),
    ]);
    const placed = page.items.filter((e) => e.place_lat !== null && e.place_lat !== undefined);
    const root = svg("svg", { viewBox: `0 0 ${MAP_W} ${MAP_H}`, role: "img", id: "map-svg" });
    root.append(svg("title", {}, `${s.a}–${s.b} events on a map`));
    root.append(svg("rect", { class: "sea", x: 0, y: 0, width: MAP_W, height: MAP_H }));
    for (const c of shapes) {
      const p = svg("path", { class: "country", d: c.d });
      p.append(svg("title", {}, c.name));
      root.append(p);
    }
    const byPlace = new Map();
    for (const e of placed) {
      const k = `${e.place_name}|${e.place_lat}|${e.place_lon}`;
      if (!byPlace.has(k)) byPlace.set(k, []);
      byPlace.get(k).push(e);
    }
    const items = [];
    for (const [, evs] of byPlace) {
      const e0 = evs[0];
      const [x, y] = project(e0.place_lon, e0.place_lat);
      const worst = Math.max(...evs.map((e) => e.quad_class));
      const dot = svg("circle", { class: "place q" + worst, cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + 2.2 * Math.sqrt(evs.length)).toFixed(1) });
      dot.append(svg("title", {}, `${e0.place_name}${e0.place_country ? " (" + e0.place_country + ")" : ""}: ${evs.length} event${evs.length > 1 ? "s" : ""}`));
      const li = el("li", { class: "map-event" },
        el("span", { class: "pname" }, `${e0.place_name}`),
        ` ${e0.place_country || "sea"} · ${evs.length} event${evs.length > 1 ? "s" : ""}`,
        el("div", { class: "sub" }, evs.slice(0, 3).map((e) => `${e.source}→${e.target} ${e.cameo} ${e.day || ""}`).join("; ")));
      const select = () => {
        document.querySelectorAll("#map-svg circle.place.selected, .map-event.selected").forEach((n) => n.classList.remove("selected"));
        dot.classList.add("selected"); li.classList.add("selected");
        li.scrollIntoView({ block: "nearest" });
      };
      dot.addEventListener("click", select);
      li.addEventListener("click", select);
      root.append(dot);
      items.push([evs.length, li]);
    }
    items.sort((a, b) => b[0] - a[0]);
    box.replaceChildren(root);
    list.replaceChildren(...items.map(([, li]) => li));
    if (!items.length) list.append(el("li", { class: "sub" }, "No placed events for these settings."));
    const more = page.next_offset !== null ? " (first 1,000 events)" : "";
    $("map-sub").textContent = `${placed.length} of ${page.items.length} events placed${more}; dot size: events, colour: most conflictual QuadClass`;
  } catch (e) {
    box.replaceChildren();
    list.replaceChildren();
    $("map-sub").textContent = e.message;
  }
}

// ---------- events of a period ----------

function clearEvents() {
  state.selected = null;
  $("events").replaceChildren();
  $("events-title").textContent = "Events";
  $("events-hint").hidden = false;
  $("events-more").hidden = true;
}

function dayBefore(iso) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

async function selectPeriod(i, rect) {
  const s = state.series;
  const p = s.points[i];
  document.querySelectorAll(".hit.selected").forEach((r) => r.classList.remove("selected"));
  rect.classList.add("selected");
  const until = i + 1 < s.points.length ? dayBefore(s.points[i + 1].start) : (s.until || "");
  state.eventsQuery = {
    dyad: `${s.a},${s.b}`,
    directed: s.directed ? "true" : "",
    since: p.start,
    until: until || nextPeriodEnd(p.start, s.by),
    mode: s.modes === "all" ? "" : s.modes.join(","),
    plover: s.plover || "",
    limit: 50,
  };
  $("events-title").textContent = `${s.a}–${s.b} events in ${p.period} (${p.events})`;
  $("events-hint").hidden = true;
  $("events").replaceChildren();
  await loadEvents(0);
}

function nextPeriodEnd(start, by) {
  const d = new Date(start + "T00:00:00Z");
  if (by === "week") d.setUTCDate(d.getUTCDate() + 7);
  else if (by === "month") d.setUTCMonth(d.getUTCMonth() + 1);
  else if (by === "quarter") d.setUTCMonth(d.getUTCMonth() + 3);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

async function loadEvents(offset) {
  try {
    const page = await api("/api/events?" + qs({ ...state.eventsQuery, offset }));
    const list = $("events");
    for (const ev of page.items) list.append(eventItem(ev));
    if (!page.items.length && offset === 0) list.append(el("li", { class: "event" }, "No events in this period."));
    state.eventsNext = page.next_offset;
    $("events-more").hidden = page.next_offset === null;
  } catch (e) {
    $("events").append(el("li", { class: "event msg" }, e.message));
  }
}

// The sentence with the source and target words marked.
function highlighted(sentence, spans) {
  const found = [];
  const lower = sentence.toLowerCase();
  for (const [text, cls] of spans) {
    if (!text) continue;
    const at = lower.indexOf(text.toLowerCase());
    if (at < 0) continue;
    if (found.some((f) => at < f.end && at + text.length > f.start)) continue;
    found.push({ start: at, end: at + text.length, cls });
  }
  found.sort((a, b) => a.start - b.start);
  const out = el("p", { class: "sentence" });
  let pos = 0;
  for (const f of found) {
    out.append(sentence.slice(pos, f.start), el("mark", { class: f.cls }, sentence.slice(f.start, f.end)));
    pos = f.end;
  }
  out.append(sentence.slice(pos));
  return out;
}

function dateLabel(ev) {
  if (ev.date) {
    const prec = ev.date_precision ? `${ev.date_precision} precision` : "";
    const said = ev.date_text ? `“${ev.date_text}”` : "";
    return `${ev.date} (${[prec, said].filter(Boolean).join(", ")})`;
  }
  return `${ev.published || "?"} (publication date)`;
}

function eventItem(ev) {
  const q = QUADS[ev.quad_class - 1] || { key: "", label: "?" };
  const meta = el("div", { class: "meta" },
    el("span", { class: "who" }, `${ev.source} → ${ev.target}`),
    el("span", { class: "pill " + q.key, title: "QuadClass" }, `CAMEO ${ev.cameo} · ${q.label}`),
    ev.plover_type ? el("span", { class: "pill", title: "PLOVER type, mode, context" },
      ["PLOVER " + ev.plover_type, ev.plover_mode, ev.plover_context].filter(Boolean).join(" · ")) : null,
    el("span", { class: "pill", title: "Goldstein" }, `Goldstein ${fmt(ev.goldstein)}`),
    el("span", { class: "pill mode-" + ev.mode, title: ev.mode_cue ? `cue: ${ev.mode_cue}` : "mode" }, ev.mode),
    el("span", { class: "date", title: "event date" }, "date " + dateLabel(ev)),
  );
  const link = el("a", { class: "art-link", href: "#", "data-article": ev.article, onclick: (e) => { e.preventDefault(); openArticle(ev.article); } },
    `article ${ev.article}` + (ev.num_articles > 1 ? ` (+${ev.num_articles - 1} copies)` : ""));
  return el("li", { class: "event" }, meta,
    highlighted(ev.sentence, [[ev.source_text, "src"], [ev.target_text, "tgt"]]), link);
}

// ---------- article view ----------

async function openArticle(id) {
  const box = $("article");
  $("article-card").hidden = false;
  box.replaceChildren(el("p", { class: "sub" }, "Loading…"));
  try {
    const a = await api("/api/articles/" + encodeURIComponent(id));
    const dl = el("dl", {});
    const row = (k, v) => v && dl.append(el("dt", {}, k), el("dd", {}, v));
    row("id", a.id);
    row("published", a.published);
    row("source", a.source);
    if (a.url && /^https?:\/\//i.test(a.url)) {
      dl.append(el("dt", {}, "url"), el("dd", {}, el("a", { href: a.url, rel: "noopener noreferrer", target: "_blank" }, a.url)));
    }
    row("copy of", a.duplicate_of);
    row("copies", a.copies && a.copies.join(", "));
    const evs = el("ol", { class: "events" }, ...a.events.map(eventItem));
    box.replaceChildren(el("div", { class: "article" },
      el("h3", {}, a.title || a.id), dl,
      el("h4", {}, "Summary"), el("p", { class: "summary" }, a.summary || "(none)"),
      el("h4", {}, `Events (${a.events.length})`), evs));
    $("article-card").scrollIntoView({ block: "nearest" });
  } catch (e) {
    box.replaceChildren(el("p", { class: "msg" }, e.message));
  }
}

// ---------- search ----------

async function runSearch(q) {
  $("search-card").hidden = false;
  $("search-title").textContent = `Search: ${q}`;
  const list = $("search-results");
  list.replaceChildren(el("li", { class: "sub" }, "Searching…"));
  try {
    const r = await api("/api/search?" + qs({ q, limit: 20 }));
    $("search-title").textContent = `Search: ${q} (${r.total})`;
    if (!r.items.length) {
      list.replaceChildren(el("li", { class: "sub" }, "No matching sentences."));
      return;
    }
    list.replaceChildren(...r.items.map((h) => {
      const p = el("p", { class: "sentence" });
      for (const f of h.fragments) p.append(f.match ? el("mark", { class: "hit" }, f.text) : f.text);
      return el("li", { onclick: () => openArticle(h.article) },
        el("div", { class: "title" }, `${h.published || "?"} · ${h.title || h.article}`), p);
    }));
  } catch (e) {
    list.replaceChildren(el("li", { class: "msg" }, e.message));
  }
}

// ---------- alerts ----------

async function loadAlerts() {
  try {
    const r = await api("/api/alerts?limit=10");
    $("alerts-sub").textContent = r.period
      ? `Dyads whose ${r.period} departs from their previous ${r.window} months (|z| ≥ ${r.z})`
      : "No dated articles yet.";
    const list = $("alerts");
    if (!r.alerts.length) {
      list.replaceChildren(el("li", { class: "sub" }, "No alerts: every dyad is within its usual range."));
      return;
    }
    list.replaceChildren(...r.alerts.map((a) =>
      el("li", { onclick: () => { $("code-a").value = a.a; $("code-b").value = a.b; loadSeries(); } },
        el("span", { class: "score" }, `score ${a.score.toFixed(1)}`),
        el("span", { class: "pair" }, `${a.a}–${a.b}`), ` ${a.period}: ${a.events} events, `,
        `${a.driver.replace(/_/g, " ")} ${fmt(a[a.driver === "count" ? "count" : a.driver === "conflict_share" ? "conflict_share" : "goldstein"].current, 2)}`)));
  } catch (e) {
    $("alerts").replaceChildren(el("li", { class: "msg" }, e.message));
  }
}

async function loadCodes() {
  try {
    const r = await api("/api/actors");
    $("codes").replaceChildren(...r.items.map((c) => el("option", { value: c.code }, `${c.events} events`)));
  } catch (e) {
    // The inputs still accept typed codes.
  }
}

document.addEventListener("DOMContentLoaded", () => {
  drawLegend();
  $("pair-form").addEventListener("submit", (e) => { e.preventDefault(); loadSeries(); });
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("search-q").value.trim();
    if (q) runSearch(q);
  });
  $("events-more").addEventListener("click", () => loadEvents(state.eventsNext));
  $("article-close").addEventListener("click", () => ($("article-card").hidden = true));
  $("search-close").addEventListener("click", () => ($("search-card").hidden = true));
  loadCodes();
  loadAlerts();
  loadSeries();
});
