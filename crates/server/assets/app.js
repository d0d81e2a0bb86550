// The dyad dashboard: one plain ES module, no framework, no build step, no network access
// beyond dyad's own JSON API (`/api/...`).
//
// All state lives in the query string, so every view is a shareable link: the filters of
// `/api/events` under the same names (source, target, actor, code, quad, from, to, place, q),
// `every` (timeline period), `search` (full-text search), `cursor` and `p` (events page),
// `event` (the event whose evidence is open), `article` and `sentence` (the open article).
// Navigation is pushState + one `update()` that reloads only the panels whose inputs changed.
//
// Data from the API is only ever inserted with textContent / createTextNode (never innerHTML),
// so article text cannot inject markup.

const FILTERS = ["source", "target", "actor", "code", "quad", "from", "to", "place", "q"];
const PAGE_SIZE = 25;
const QUADS = [
  { n: 1, name: "Verbal cooperation" },
  { n: 2, name: "Material cooperation" },
  { n: 3, name: "Verbal conflict" },
  { n: 4, name: "Material conflict" },
];
const SVG_NS = "http://www.w3.org/2000/svg";

// ---------- small DOM helpers ----------

/** An HTML element with attributes (`on*` functions become listeners) and children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** The same for SVG elements. */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

/** Strings become text nodes (escaped by construction); arrays are flattened. */
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const $ = (sel) => document.querySelector(sel);

function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

// ---------- URL state ----------

function params() {
  return new URLSearchParams(location.search);
}

/** A link to the current state changed by `changes` (null/"" removes a key). */
function hrefWith(changes, base = params()) {
  const p = new URLSearchParams(base);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === "") p.delete(k);
    else p.set(k, v);
  }
  const qs = p.toString();
  return qs ? `?${qs}` : location.pathname;
}

function go(href) {
  history.pushState(null, "", href);
  update();
}

/** An in-page link: a real `<a href>` (open in a new tab works) that navigates without reload. */
function link(changes, text, attrs = {}) {
  const href = hrefWith(changes);
  return h("a", { href, ...attrs, onclick: (ev) => followLink(ev, href) }, text);
}

function followLink(ev, href) {
  if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  go(href);
}

// ---------- API ----------

/** GET a JSON API path; a non-2xx answer becomes an Error with the server's reason. */
async function api(path, query = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== "") qs.set(k, v);
  const url = qs.toString() ? `${path}?${qs}` : path;
  let res;
  try {
    res = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (e) {
    throw new Error(`cannot reach the server (${e.message})`);
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const reason = body && (body.error || body.message || body.reason);
    throw new Error(`${res.status} ${res.statusText}${reason ? `: ${reason}` : ""}`);
  }
  return body;
}

/** Thrown instead of an answer that a newer request of the same panel has overtaken. */
class Stale extends Error {}
const tickets = {};

/** `api` for one panel: only the answer to the panel's latest request is delivered. */
async function apiFor(panel, path, query) {
  const ticket = (tickets[panel] = (tickets[panel] || 0) + 1);
  try {
    const v = await api(path, query);
    if (tickets[panel] !== ticket) throw new Stale();
    return v;
  } catch (err) {
    throw tickets[panel] !== ticket ? new Stale() : err;
  }
}

function filterQuery(p, keys = FILTERS) {
  const q = {};
  for (const k of keys) if (p.get(k)) q[k] = p.get(k);
  return q;
}

function errorBox(err) {
  return h("p", { class: "error", role: "alert" }, `Could not load: ${err.message}`);
}

// ---------- text with marked character spans ----------

/**
 * `text` with `spans` ({start, end, role, title}) wrapped in `<mark data-role>`. Offsets are
 * characters (Unicode code points, as in dyad's event schema), not UTF-16 units. Overlapping
 * spans split into segments carrying every role that covers them.
 */
function marked(text, spans) {
  const chars = Array.from(text || "");
  const n = chars.length;
  const ok = spans.filter((sp) => Number.isInteger(sp.start) && Number.isInteger(sp.end) && sp.start < sp.end && sp.start >= 0);
  const cuts = new Set([0, n]);
  for (const sp of ok) {
    cuts.add(Math.min(sp.start, n));
    cuts.add(Math.min(sp.end, n));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const piece = chars.slice(a, b).join("");
    const covering = ok.filter((sp) => sp.start <= a && sp.end >= b);
    if (covering.length === 0) {
      frag.append(document.createTextNode(piece));
    } else {
      const roles = covering.map((sp) => sp.role);
      const title = covering.map((sp) => sp.title).filter(Boolean).join("; ");
      frag.append(h("mark", { class: roles.map((r) => `m-${r}`).join(" "), "data-role": roles.join(" "), title: title || null }, piece));
    }
  }
  return frag;
}

function eventSpans(ev, offset = 0) {
  const spans = [];
  if (ev.source) spans.push({ start: ev.source.start + offset, end: ev.source.end + offset, role: "source", title: `source ${ev.source.code}` });
  if (ev.verb) spans.push({ start: ev.verb.start + offset, end: ev.verb.end + offset, role: "verb", title: `verb (CAMEO ${ev.cameo.code})` });
  if (ev.target) spans.push({ start: ev.target.start + offset, end: ev.target.end + offset, role: "target", title: `target ${ev.target.code}` });
  return spans;
}

// ---------- dates and periods ----------

function parseDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
}

function dayString(t) {
  return new Date(t).toISOString().slice(0, 10);
}

function nextPeriod(t, every) {
  const d = new Date(t);
  if (every === "day") return t + 86400000;
  if (every === "week") return t + 7 * 86400000;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function periodLabel(day, every) {
  return every === "month" ? day.slice(0, 7) : day;
}

// ---------- the query form ----------

function fillForm() {
  const p = params();
  const form = $("#filters");
  for (const k of [...FILTERS, "every"]) {
    const el = form.elements[k];
    if (el) el.value = p.get(k) || (k === "every" ? "week" : "");
  }
  const more = ["actor", "code", "quad", "place", "q"].some((k) => p.get(k));
  if (more) $("#more-filters").open = true;
  $("#search-form").elements.search.value = p.get("search") || "";
}

function onFilterSubmit(ev) {
  ev.preventDefault();
  const form = ev.currentTarget;
  const changes = { cursor: null, p: null, event: null };
  for (const k of [...FILTERS, "every"]) {
    const el = form.elements[k];
    if (!el) continue;
    let v = el.value.trim();
    if (["source", "target", "actor"].includes(k)) v = v.toUpperCase();
    changes[k] = k === "every" && v === "week" ? null : v;
  }
  go(hrefWith(changes));
}

function onSearchSubmit(ev) {
  ev.preventDefault();
  const v = ev.currentTarget.elements.search.value.trim();
  go(hrefWith({ search: v }));
}

/** Autocomplete for an actor input: a `<datalist>` filled from `/api/actors?prefix=`. */
function autocomplete(input) {
  const list = document.getElementById(input.getAttribute("list"));
  let timer = null;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const prefix = input.value.trim();
    if (!prefix || prefix === asked) return;
    timer = setTimeout(async () => {
      asked = prefix;
      try {
        const actors = await api("/api/actors", { prefix, limit: 12 });
        if (input.value.trim() !== prefix) return;
        clear(list, actors.map((a) => h("option", { value: a.code, label: `${a.name ? `${a.name} · ` : ""}${a.events} events` })));
      } catch {
        clear(list);
      }
    }, 150);
  });
}

// ---------- timeline ----------

async function loadTimeline(p) {
  const box = $("#timeline-chart");
  const every = p.get("every") || "week";
  const dyad = [p.get("source") || "any actor", p.get("target") || "any actor"].join(" → ");
  const narrower = ["actor", "code", "quad", "place", "q"].filter((k) => p.get(k)).map((k) => `${k === "actor" ? "either side" : k} ${p.get(k)}`);
  const title = narrower.length ? `${dyad}, ${narrower.join(", ")}` : dyad;
  $("#timeline-title").textContent = `Timeline: ${title}`;
  box.setAttribute("aria-busy", "true");
  try {
    const rows = await apiFor("timeline", "/api/stats", { by: "dyad", every, ...filterQuery(p) });
    clear(box, drawTimeline(periodsOf(rows, every, parseDay(p.get("from")), parseDay(p.get("to"))), every, title));
    box.removeAttribute("aria-busy");
  } catch (err) {
    if (err instanceof Stale) return;
    clear(box, errorBox(err));
    box.removeAttribute("aria-busy");
  }
}

/** The first day of the period holding day `t` (ISO weeks start on Monday). */
function periodStart(t, every) {
  const d = new Date(t);
  if (every === "week") return t - ((d.getUTCDay() + 6) % 7) * 86400000;
  if (every === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return t;
}

/**
 * Sum the stats rows (several dyads when codes are prefixes) per period, with empty periods
 * filled in from the `from` date (else the first event) to the `to` date (else the last).
 */
function periodsOf(rows, every, from, to) {
  const by = new Map();
  for (const r of rows) {
    if (!r.period) continue;
    const t = parseDay(r.period);
    if (t === null) continue;
    const acc = by.get(t) || { t, count: 0, gsum: 0, quad: [0, 0, 0, 0] };
    acc.count += r.count;
    acc.gsum += r.goldstein_sum;
    for (let i = 0; i < 4; i++) acc.quad[i] += (r.quad && r.quad[i]) || 0;
    by.set(t, acc);
  }
  const present = [...by.values()].sort((a, b) => a.t - b.t);
  if (present.length === 0) return present;
  const first = from === null ? present[0].t : Math.min(periodStart(from, every), present[0].t);
  const last = to === null ? present[present.length - 1].t : Math.max(periodStart(to, every), present[present.length - 1].t);
  const filled = [];
  for (let t = first; t <= last && filled.length <= 1000; t = nextPeriod(t, every)) {
    filled.push(by.get(t) || { t, count: 0, gsum: 0, quad: [0, 0, 0, 0] });
  }
  return filled.length > 1000 ? present : filled;
}

function niceMax(v) {
  if (v <= 5) return Math.max(1, Math.ceil(v));
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= v) return m * mag;
  return v;
}

function drawTimeline(periods, every, title) {
  if (periods.length === 0) return h("p", { class: "empty" }, "No dated events match these filters.");
  const W = 900, H = 360, L = 46, R = 46, T = 14, B = 44;
  const pw = W - L - R, ph = H - T - B;
  const n = periods.length;
  const band = pw / n;
  const barW = Math.max(2.5, Math.min(40, band * 0.78));
  const ymax = niceMax(Math.max(...periods.map((d) => d.count)));
  const y = (v) => T + ph - (v / ymax) * ph;
  const gy = (g) => T + ph / 2 - (g / 10) * (ph / 2);
  const cx = (i) => L + band * i + band / 2;
  const total = periods.reduce((a, d) => a + d.count, 0);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "data-total": total, "aria-label": `${title}: ${total} events in ${n} periods of one ${every}, stacked by quad class, with the mean Goldstein score` });

  // Grid and the count axis (left).
  // Whole-number ticks, about five of them.
  const tickStep = Math.max(1, niceMax(ymax / 5));
  for (let v = 0; v <= ymax + 1e-9; v += tickStep) {
    svg.append(s("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }));
    svg.append(s("text", { x: L - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, String(v)));
  }
  svg.append(s("text", { x: 12, y: T + ph / 2, class: "axis-title", transform: `rotate(-90 12 ${T + ph / 2})`, "text-anchor": "middle" }, "events"));
  // Goldstein axis (right), -10..10.
  for (const g of [-10, -5, 0, 5, 10]) {
    svg.append(s("text", { x: W - R + 6, y: gy(g) + 4, class: "axis goldstein-axis" }, g > 0 ? `+${g}` : String(g)));
  }
  svg.append(s("line", { x1: L, x2: W - R, y1: gy(0), y2: gy(0), class: "zero" }));
  svg.append(s("text", { x: W - 8, y: T + ph / 2, class: "axis-title", transform: `rotate(90 ${W - 8} ${T + ph / 2})`, "text-anchor": "middle" }, "mean Goldstein"));

  // Stacked bars.
  const bars = s("g", { class: "bars" });
  periods.forEach((d, i) => {
    let acc = 0;
    const day = dayString(d.t);
    d.quad.forEach((c, q) => {
      if (!c) return;
      const y0 = y(acc), y1 = y(acc + c);
      acc += c;
      bars.append(
        s("rect", { x: cx(i) - barW / 2, y: y1, width: barW, height: Math.max(0.5, y0 - y1), class: `bar q${q + 1}`, "data-period": day },
          s("title", {}, `${periodLabel(day, every)}: ${c} ${QUADS[q].name.toLowerCase()} of ${d.count} events`)),
      );
    });
  });
  svg.append(bars);

  // Goldstein mean line (broken where a period has no events), with dots.
  let path = "";
  let pen = false;
  const dots = s("g", { class: "gdots" });
  periods.forEach((d, i) => {
    if (!d.count) {
      pen = false;
      return;
    }
    const mean = d.gsum / d.count;
    path += `${pen ? "L" : "M"}${cx(i).toFixed(1)},${gy(mean).toFixed(1)}`;
    pen = true;
    dots.append(s("circle", { cx: cx(i), cy: gy(mean), r: n > 120 ? 1.5 : 3 }, s("title", {}, `${periodLabel(dayString(d.t), every)}: mean Goldstein ${mean.toFixed(2)} over ${d.count} events`)));
  });
  svg.append(s("path", { d: path, class: "gline" }), dots);

  // Period labels, thinned to about 10.
  const step = Math.max(1, Math.ceil(n / 10));
  for (let i = 0; i < n; i += step) {
    svg.append(s("line", { x1: cx(i), x2: cx(i), y1: T + ph, y2: T + ph + 4, class: "tick" }));
    svg.append(s("text", { x: cx(i), y: T + ph + 18, class: "axis", "text-anchor": "middle" }, periodLabel(dayString(periods[i].t), every)));
  }
  svg.append(s("text", { x: L + pw / 2, y: H - 6, class: "axis-title", "text-anchor": "middle" }, `${every} starting`));
  return [svg, h("p", { class: "chart-note" }, `${total} events, ${n} ${every}${n === 1 ? "" : "s"}`)];
}

// ---------- network ----------

async function loadNetwork(p) {
  const box = $("#network-chart");
  const range = [p.get("from"), p.get("to")];
  $("#network-range").textContent = range[0] || range[1] ? `${range[0] || "…"} to ${range[1] || "…"}` : "all dates";
  box.setAttribute("aria-busy", "true");
  try {
    const net = await apiFor("network", "/api/network", filterQuery(p, ["from", "to"]));
    clear(box, drawNetwork(net, p.get("actor")));
    box.removeAttribute("aria-busy");
  } catch (err) {
    if (err instanceof Stale) return;
    clear(box, errorBox(err));
    box.removeAttribute("aria-busy");
  }
}

/** Mean Goldstein -10..+10 as red (conflict) -> amber -> green (cooperation). */
function goldsteinColor(g) {
  const t = Math.max(0, Math.min(1, (g + 10) / 20));
  const stops = [
    [0, [198, 40, 40]],
    [0.5, [230, 168, 23]],
    [1, [46, 125, 50]],
  ];
  const [a, b] = t <= 0.5 ? [stops[0], stops[1]] : [stops[1], stops[2]];
  const u = (t - a[0]) / (b[0] - a[0]);
  const c = a[1].map((v, i) => Math.round(v + (b[1][i] - v) * u));
  return `rgb(${c.join(",")})`;
}

/**
 * A deterministic force layout (repulsion between all nodes, springs along edges, a pull to
 * the centre), started from a circle so the same data always gives the same picture.
 */
function layout(nodes, edges, W, H) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => ({ x: W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / n), y: H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / n) }));
  if (n < 3) return pos;
  const k = Math.sqrt((W * H) / n) * 1.1;
  let temp = W / 6;
  const index = new Map(nodes.map((d, i) => [d.code, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  // Actors without a drawn edge are pulled in harder, or they drift to the rim and squeeze the rest.
  const degree = new Array(n).fill(0);
  for (const [a, b] of links) {
    degree[a]++;
    degree[b]++;
  }
  for (let it = 0; it < 400; it++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d = Math.max(1, Math.hypot(dx, dy));
        const f = (k * k) / d;
        dx /= d;
        dy /= d;
        disp[i].x += dx * f; disp[i].y += dy * f;
        disp[j].x -= dx * f; disp[j].y -= dy * f;
      }
    }
    for (const [a, b] of links) {
      let dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
      const d = Math.max(1, Math.hypot(dx, dy));
      const f = (d * d) / k / 2;
      dx /= d;
      dy /= d;
      disp[a].x -= dx * f; disp[a].y -= dy * f;
      disp[b].x += dx * f; disp[b].y += dy * f;
    }
    for (let i = 0; i < n; i++) {
      // Gravity grows with the distance to the centre, so loose actors stay in the picture.
      const gx = W / 2 - pos[i].x, gy = H / 2 - pos[i].y;
      const gd = Math.hypot(gx, gy);
      const pull = degree[i] ? 4 : 1;
      disp[i].x += (gx * gd) / k / pull;
      disp[i].y += (gy * gd) / k / pull;
      const d = Math.max(1e-9, Math.hypot(disp[i].x, disp[i].y));
      pos[i].x += (disp[i].x / d) * Math.min(d, temp);
      pos[i].y += (disp[i].y / d) * Math.min(d, temp);
    }
    temp = Math.max(0.5, temp * 0.985);
  }
  // Fit into the drawing with a margin for labels.
  const xs = pos.map((q) => q.x), ys = pos.map((q) => q.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const m = 48;
  return pos.map((q) => ({
    x: m + ((q.x - x0) / Math.max(1, x1 - x0)) * (W - 2 * m),
    y: m * 0.7 + ((q.y - y0) / Math.max(1, y1 - y0)) * (H - 1.4 * m),
  }));
}

function drawNetwork(net, selected) {
  const MAX_NODES = 30;
  const nodes = [...(net.nodes || [])].sort((a, b) => b.events - a.events || a.code.localeCompare(b.code)).slice(0, MAX_NODES);
  if (nodes.length === 0) return h("p", { class: "empty" }, "No actors in this date range.");
  const keep = new Set(nodes.map((d) => d.code));
  const edges = (net.edges || []).filter((e) => keep.has(e.source) && keep.has(e.target) && e.source !== e.target);
  const W = 560, H = 420;
  const pos = layout(nodes, edges, W, H);
  const at = new Map(nodes.map((d, i) => [d.code, pos[i]]));
  const maxEv = Math.max(...nodes.map((d) => d.events));
  const maxCount = Math.max(1, ...edges.map((e) => e.count));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart network", role: "group", "aria-label": `Actor network: ${nodes.length} actors, ${edges.length} dyads. Each actor is a link that filters the events table.` });
  svg.append(s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, s("path", { d: "M0,0L10,5L0,10z", class: "arrowhead" }))));
  const radius = (d) => 5 + 17 * Math.sqrt(d.events / maxEv);
  const rOf = new Map(nodes.map((d) => [d.code, radius(d)]));
  const eg = s("g", { class: "edges" });
  for (const e of edges.sort((a, b) => a.count - b.count)) {
    const a = at.get(e.source), b = at.get(e.target);
    const dx = b.x - a.x, dy = b.y - a.y;
    const len = Math.max(1, Math.hypot(dx, dy));
    // Bend to the right of the direction of travel, so A->B and B->A are two curves.
    const mx = (a.x + b.x) / 2 - (dy / len) * len * 0.12, my = (a.y + b.y) / 2 + (dx / len) * len * 0.12;
    // Stop the curve at the target's rim so the arrowhead shows.
    const ex = b.x - ((b.x - mx) / Math.hypot(b.x - mx, b.y - my)) * (rOf.get(e.target) + 2);
    const ey = b.y - ((b.y - my) / Math.hypot(b.x - mx, b.y - my)) * (rOf.get(e.target) + 2);
    eg.append(
      s("path", { d: `M${a.x.toFixed(1)},${a.y.toFixed(1)}Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`, class: "edge", stroke: goldsteinColor(e.goldstein_mean), "stroke-width": (1 + 4 * Math.sqrt(e.count / maxCount)).toFixed(2), "marker-end": "url(#arrow)" },
        s("title", {}, `${e.source} → ${e.target}: ${e.count} event${e.count === 1 ? "" : "s"}, mean Goldstein ${e.goldstein_mean.toFixed(2)}`)),
    );
  }
  svg.append(eg);
  const ng = s("g", { class: "nodes" });
  nodes.forEach((d, i) => {
    const { x, y } = pos[i];
    const r = radius(d);
    const href = hrefWith({ actor: d.code, source: null, target: null, cursor: null, p: null, event: null });
    const a = s("a", { href, class: `node${selected === d.code ? " selected" : ""}`, "data-code": d.code, onclick: (ev) => followLink(ev, href) },
      s("title", {}, `${d.code}${d.name ? ` (${d.name})` : ""}: ${d.events} events. Show its events.`),
      s("circle", { cx: x, cy: y, r }),
      s("text", { x, y: y - r - 4, "text-anchor": "middle" }, d.code));
    ng.append(a);
  });
  svg.append(ng);
  const legend = h("div", { class: "net-legend" },
    h("span", {}, "Edge colour: mean Goldstein"),
    h("span", { class: "gradient", "aria-hidden": "true" }),
    h("span", { class: "gradient-labels" }, h("span", {}, "−10 conflict"), h("span", {}, "+10 cooperation")),
    h("span", {}, `Node size: events. ${(net.nodes || []).length > MAX_NODES ? `Top ${MAX_NODES} of ${net.nodes.length} actors.` : ""}`));
  return [svg, legend];
}

// ---------- events table ----------

async function loadEvents(p) {
  const box = $("#events-body");
  const status = $("#events-status");
  box.setAttribute("aria-busy", "true");
  const active = FILTERS.filter((k) => p.get(k));
  clear($("#active-filters"), active.length === 0 ? h("span", { class: "muted" }, "no filters: all events") :
    active.map((k) => h("span", { class: "chip" }, `${k}=${p.get(k)} `, link({ [k]: null, cursor: null, p: null, event: null }, "×", { "aria-label": `remove filter ${k}`, title: `remove ${k}` }))));
  try {
    const page = await apiFor("events", "/api/events", { ...filterQuery(p), limit: PAGE_SIZE, cursor: p.get("cursor") });
    const events = page.events || [];
    const pageNo = Math.max(1, parseInt(p.get("p") || "1", 10) || 1);
    const first = (pageNo - 1) * PAGE_SIZE + 1;
    status.textContent = events.length ? `Events ${first}–${first + events.length - 1} of ${page.total}` : `No events (of ${page.total ?? 0}) match.`;
    const table = h("table", { class: "events" },
      h("caption", { class: "visually-hidden" }, "Events, newest first. Open a row to read its evidence sentence."),
      h("thead", {}, h("tr", {}, ["", "Date", "Source", "Event", "Target", "Place", "Mentions"].map((c) => h("th", { scope: "col" }, c)))));
    const tbody = h("tbody");
    shown.clear();
    for (const ev of events) {
      shown.set(ev.id, ev);
      tbody.append(eventRow(ev));
    }
    table.append(tbody);
    const nav = h("nav", { class: "pager", "aria-label": "events pages" },
      pageNo > 1 ? link({ cursor: null, p: null, event: null }, "« First page", { class: "button" }) : null,
      page.next ? link({ cursor: page.next, p: pageNo + 1, event: null }, "Next page »", { class: "button", rel: "next", id: "next-page" }) : null);
    clear(box, events.length ? table : null, nav);
    syncEvidence();
    const open = box.querySelector("tr.event.open");
    if (open) open.scrollIntoView({ block: "nearest" });
    box.removeAttribute("aria-busy");
  } catch (err) {
    if (err instanceof Stale) return;
    status.textContent = "";
    clear(box, errorBox(err));
    box.removeAttribute("aria-busy");
  }
}

function actorCell(a) {
  if (!a) return h("td", { class: "muted" }, "—");
  return h("td", {}, h("code", {}, a.code), a.name ? h("div", { class: "small" }, a.name) : null);
}

/** The row of one event; its evidence row is added by `syncEvidence`. */
function eventRow(ev) {
  const id = `ev-${ev.id}`;
  const toggle = h("button", { type: "button", class: "toggle", "aria-expanded": "false", "aria-controls": id, title: "Show the evidence sentence" }, h("span", { class: "arrow", "aria-hidden": "true" }, "▸"),
    h("span", { class: "visually-hidden" }, ` evidence for ${ev.cameo.code} on ${ev.date || "an unknown date"}`));
  const row = h("tr", { class: "event", "data-id": ev.id },
    h("td", {}, toggle),
    h("td", { class: "nowrap" }, ev.date || h("span", { class: "muted" }, "undated")),
    actorCell(ev.source),
    h("td", {}, h("span", { class: `swatch q${ev.cameo.quad_class}`, title: QUADS[ev.cameo.quad_class - 1]?.name || "" }), h("code", {}, ev.cameo.code), " ", ev.cameo.name),
    actorCell(ev.target),
    h("td", {}, ev.place ? ev.place.name : h("span", { class: "muted" }, "—")),
    h("td", { class: "num" }, String(ev.mentions ?? 1)));
  const flip = () => go(hrefWith({ event: params().get("event") === ev.id ? null : ev.id }));
  toggle.addEventListener("click", (e) => {
    e.stopPropagation();
    flip();
  });
  row.addEventListener("click", (e) => {
    if (e.target.closest("a,button")) return;
    flip();
  });
  return row;
}

/** Events of the table on screen, by id, for opening their evidence without a reload. */
const shown = new Map();

/** Open the evidence row of the event named in the URL (`event=`), close the others. */
function syncEvidence() {
  const want = params().get("event");
  for (const row of document.querySelectorAll("#events-body tr.event")) {
    const id = row.dataset.id;
    const open = id === want;
    const next = row.nextElementSibling;
    const has = next && next.classList.contains("evidence-row");
    row.classList.toggle("open", open);
    const toggle = row.querySelector("button.toggle");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.querySelector(".arrow").textContent = open ? "▾" : "▸";
    if (open && !has && shown.has(id)) {
      row.after(h("tr", { class: "evidence-row", id: `ev-${id}` }, h("td", { colspan: 7 }, evidence(shown.get(id)))));
    } else if (!open && has) {
      next.remove();
    }
  }
}

function evidence(ev) {
  const q = QUADS[ev.cameo.quad_class - 1];
  const articleHref = { article: ev.article, sentence: ev.sentence_index };
  return h("div", { class: "evidence" },
    h("blockquote", { class: "sentence" }, marked(ev.sentence, eventSpans(ev))),
    h("dl", { class: "facts" },
      h("dt", {}, "Source"), h("dd", {}, ev.source ? [h("mark", { class: "m-source key" }, ev.source.code), ev.source.name ? ` ${ev.source.name}` : ""] : "—"),
      h("dt", {}, "Verb"), h("dd", {}, ev.verb ? h("mark", { class: "m-verb key" }, ev.verb.text) : "—",
        ` CAMEO ${ev.cameo.code} ${ev.cameo.name} (Goldstein ${ev.cameo.goldstein > 0 ? "+" : ""}${ev.cameo.goldstein}, ${q ? q.name.toLowerCase() : `quad ${ev.cameo.quad_class}`})`,
        ev.plover ? ` · PLOVER ${ev.plover.type}${ev.plover.mode ? ` (${ev.plover.mode})` : ""}` : ""),
      h("dt", {}, "Target"), h("dd", {}, ev.target ? [h("mark", { class: "m-target key" }, ev.target.code), ev.target.name ? ` ${ev.target.name}` : ""] : "—"),
      h("dt", {}, "When"), h("dd", {}, `${ev.date || "undated"}${ev.story_date && ev.story_date !== ev.date ? ` (story of ${ev.story_date})` : ""}`),
      ev.place ? [h("dt", {}, "Where"), h("dd", {}, `${ev.place.name}${ev.place.country ? `, ${ev.place.country}` : ""} (${ev.place.precision})`)] : null,
      h("dt", {}, "Article"), h("dd", {}, link(articleHref, ev.article, { class: "article-link" }), ` · sentence ${ev.sentence_index + 1} · `,
        h("a", { href: `/api/articles/${encodeURIComponent(ev.article)}` }, "JSON"),
        ev.mentions > 1 ? ` · reported in ${ev.mentions} sentences` : "")),
    ev.mentions > 1 ? reports(ev) : null);
}

/** A button listing every report (mention) of a de-duplicated event, each with its spans. */
function reports(ev) {
  const box = h("div", { class: "reports" });
  const button = h("button", { type: "button", class: "show-reports", "aria-expanded": "false" }, `Show all ${ev.mentions} reports`);
  button.addEventListener("click", async () => {
    if (button.getAttribute("aria-expanded") === "true") {
      button.setAttribute("aria-expanded", "false");
      clear(box);
      return;
    }
    button.setAttribute("aria-expanded", "true");
    clear(box, h("p", { class: "muted" }, "Loading the reports…"));
    // The mentions endpoint scans the mentions matching these filters for the event's id:
    // same dyad, the CAMEO root (a store may merge by root), dates around the event's.
    const q = { code: ev.cameo.code.slice(0, 2) };
    if (ev.source) q.source = ev.source.code;
    if (ev.target) q.target = ev.target.code;
    const t = parseDay(ev.date);
    if (t !== null) {
      q.from = dayString(t - 31 * 86400000);
      q.to = dayString(t + 31 * 86400000);
    }
    try {
      const page = await api(`/api/events/${encodeURIComponent(ev.id)}/mentions`, q);
      clear(box, h("ol", { class: "report-list" }, (page.mentions || []).map((m) => h("li", {},
        h("p", { class: "report-sentence" }, marked(m.sentence, eventSpans(m))),
        h("p", { class: "small muted" }, `${m.date || "undated"} · `, link({ article: m.article, sentence: m.sentence_index, event: ev.id }, m.article), ` · sentence ${m.sentence_index + 1}`)))));
    } catch (err) {
      clear(box, errorBox(err));
    }
  });
  return h("div", {}, button, box);
}

// ---------- article ----------

async function loadArticle(p) {
  const box = $("#article");
  const id = p.get("article");
  if (!id) {
    tickets.article = (tickets.article || 0) + 1; // drop an answer still on its way
    box.hidden = true;
    clear(box);
    return;
  }
  box.hidden = false;
  clear(box, h("p", { class: "muted" }, "Loading the article…"));
  try {
    const a = await apiFor("article", `/api/articles/${encodeURIComponent(id)}`);
    const idx = p.get("sentence") === null ? null : parseInt(p.get("sentence"), 10);
    const sent = (a.sentences || []).find((x) => x.index === idx);
    const mention = (a.mentions || []).find((m) => m.sentence_index === idx && [m.id, m.event_id].includes(p.get("event"))) || (a.mentions || []).find((m) => m.sentence_index === idx);
    let body;
    if (a.text && sent && Number.isInteger(sent.start) && Number.isInteger(sent.end)) {
      const spans = [{ start: sent.start, end: sent.end, role: "sentence", title: `sentence ${idx + 1}` }];
      if (mention) spans.push(...eventSpans(mention, sent.start));
      body = h("div", { class: "article-text" }, marked(a.text, spans));
    } else if (a.text) {
      body = h("div", { class: "article-text" }, a.text);
    } else {
      body = h("ol", { class: "article-sentences", start: 0 },
        (a.sentences || []).map((x) => h("li", { value: x.index + 1 }, x.index === idx ? h("mark", { class: "m-sentence" }, x.text) : x.text)));
    }
    clear(box,
      h("div", { class: "panel-head" },
        h("h2", { id: "article-title" }, a.title || a.id),
        link({ article: null, sentence: null }, "Close ×", { class: "button", id: "close-article" })),
      h("p", { class: "muted" }, [a.date || "undated", a.id, a.origin].filter(Boolean).join(" · "),
        (a.mentions || []).length ? ` · ${a.mentions.length} event mention${a.mentions.length === 1 ? "" : "s"}` : ""),
      body);
    // Bring the panel into view, then the marked sentence into the middle of its text box.
    box.scrollIntoView({ block: "start" });
    const mark = body.querySelector("mark");
    if (mark) body.scrollTop = Math.max(0, mark.offsetTop - body.clientHeight / 3);
  } catch (err) {
    if (err instanceof Stale) return;
    clear(box, h("div", { class: "panel-head" }, h("h2", {}, id), link({ article: null, sentence: null }, "Close ×", { class: "button" })), errorBox(err));
  }
}

// ---------- full-text search ----------

async function loadSearch(p) {
  const box = $("#search-results");
  const q = p.get("search");
  if (!q) {
    tickets.search = (tickets.search || 0) + 1;
    box.hidden = true;
    clear(box);
    return;
  }
  box.hidden = false;
  clear(box, h("p", { class: "muted" }, `Searching for ${q}…`));
  try {
    const hits = await apiFor("search", "/api/search", { q, limit: 20 });
    clear(box,
      h("div", { class: "panel-head" }, h("h2", {}, `Articles matching “${q}”`), link({ search: null }, "Close ×", { class: "button" })),
      hits.length === 0 ? h("p", { class: "empty" }, "No article matches.") :
        h("ol", { class: "hits" }, hits.map((hit) => h("li", {},
          link({ article: hit.article, sentence: null }, hit.title || hit.article, { class: "hit-title" }),
          h("span", { class: "muted" }, ` ${hit.date || ""} · ${hit.article}`),
          h("p", { class: "snippet" }, marked(hit.snippet, (hit.highlights || []).map(([start, end]) => ({ start, end, role: "hit" }))))))));
  } catch (err) {
    if (err instanceof Stale) return;
    clear(box, errorBox(err));
  }
}

// ---------- wiring ----------

const loaded = {};

/** Reload each panel whose inputs (a slice of the URL) changed since it was last drawn. */
function update() {
  const p = params();
  fillForm();
  const panels = {
    timeline: [loadTimeline, [...FILTERS, "every"]],
    network: [loadNetwork, ["from", "to", "actor"]],
    events: [loadEvents, [...FILTERS, "cursor", "p"]],
    article: [loadArticle, ["article", "sentence", "event"]],
    search: [loadSearch, ["search"]],
  };
  for (const [name, [load, keys]] of Object.entries(panels)) {
    const key = keys.map((k) => `${k}=${p.get(k) ?? ""}`).join("&");
    if (loaded[name] === key) continue;
    loaded[name] = key;
    load(p);
  }
  syncEvidence();
}

function start() {
  $("#filters").addEventListener("submit", onFilterSubmit);
  $("#search-form").addEventListener("submit", onSearchSubmit);
  $("#reset").addEventListener("click", (ev) => followLink(ev, location.pathname));
  for (const input of document.querySelectorAll("input[list]")) autocomplete(input);
  window.addEventListener("popstate", update);
  // Escape closes the article, then the search results (outside form fields).
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "Escape" || ev.target.closest("input, select, textarea")) return;
    const p = params();
    if (p.get("article")) go(hrefWith({ article: null, sentence: null }));
    else if (p.get("search")) go(hrefWith({ search: null }));
  });
  update();
}

start();
