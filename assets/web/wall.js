// The wall display in a browser (server/wall_page.py): configuration and snapshot over HTTP, then the
// event stream; the newest call on top, first in first out, spoken from the server's voice clips.
"use strict";
const C = JSON.parse(document.getElementById("qms-config").textContent);
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.hash.slice(1));
let key = localStorage.getItem("qms-display-key") || "";
if (params.get("key")) { key = params.get("key"); localStorage.setItem("qms-display-key", key); }
let lang = params.get("lang") || localStorage.getItem("qms-display-lang") || "vi";
if (!(lang in C.texts)) lang = "vi";
localStorage.setItem("qms-display-lang", lang);
if (location.hash) history.replaceState(null, "", "/display");
let config = null, snap = null, lastSeq = null, lastData = null, retry = 1000, voice = null, refresh = null;
let recent = [], shown = null, holding = false, queue = [], counterPage = 0;
const painted = window.qmsPainted = {};  // label → Date.now() when its call was painted (bench/bench_web.py)

function t(name, values) {
  return (C.texts[lang][name] || name).replace(/\{(\w+)\}/g, (m, k) => (values && k in values) ? values[k] : m);
}
async function api(path) {
  const r = await fetch("/api/v1" + path, {headers: {"Authorization": "Bearer " + key}});
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw (data.error || {code: String(r.status)});
  return data;
}
// Every message of the stream, in one place: what changed, for the rest of the page to act on. A
// message that names the changed rows could be applied here without a new snapshot.
function parseMessage(msg) {
  if (msg.type === "reload") return {seq: msg.snapshot.seq, snapshot: msg.snapshot};
  if (msg.type !== "event") return {};
  const e = msg.event, call = ["called", "recalled"].includes(e.kind) && e.label && e.counter ? {
    seq: e.seq, at: e.at, label: e.label, counter: e.counter, field: e.field_code, recall: e.kind === "recalled",
    priority: (e.data || {}).priority || null} : null;
  const message = e.kind === "message" ? (e.data || {}) : e.kind === "message_cleared" ? {} : null;
  return {seq: e.seq, call, message, refresh: e.kind !== "print_result"};  // refresh: the tables may have changed
}
const field = (code) => (config.fields.find((f) => f.code === code) || {});
const counterOf = (n) => (config.counters.find((c) => c.number === n) || {});
const fieldName = (code) => field(code)[lang === "en" ? "name_en" : "name_vi"] || code || "";

function renderCall() {
  const line = $("call-line"), detail = $("call-detail");
  if (!shown) { line.textContent = t("no_call"); detail.textContent = ""; $("call").classList.remove("flash"); return; }
  line.innerHTML = "";
  const num = document.createElement("span"); num.className = "num"; num.textContent = shown.label;
  const arrow = document.createElement("span"); arrow.className = "arrow"; arrow.textContent = " → "; arrow.setAttribute("aria-hidden", "true");
  const to = document.createElement("span"); to.textContent = t("counter_label", {n: shown.counter});
  line.append(num, arrow, to);
  if (shown.priority) { const p = document.createElement("span"); p.className = "priority"; p.textContent = t("priority_mark"); line.append(" ", p); }
  // The line never wraps or spills: a long number or counter name shrinks it to the screen's width.
  line.style.fontSize = "";
  for (let size = 22; line.scrollWidth > line.clientWidth && size > 6; size -= 1) line.style.fontSize = size + "vh";
  const where = counterOf(shown.counter).location;
  detail.textContent = [fieldName(shown.field), where].filter(Boolean).join(" · ");
}
function renderRecent() {
  const ol = $("recent").querySelector("ol"); ol.innerHTML = "";
  const rows = recent.filter((c) => !shown || c.seq !== shown.seq).slice(0, (config.display.recent_calls || 6));
  for (const c of rows) {
    const li = document.createElement("li");
    li.innerHTML = "<b></b><span></span>";
    li.firstChild.textContent = c.label;
    li.lastChild.textContent = "→ " + t("counter_label", {n: c.counter}) + (c.recall ? " (" + t("recalled") + ")" : "");
    ol.append(li);
  }
}
function renderTables() {
  if (!snap) return;
  const body = $("counters").querySelector("tbody");
  const rows = snap.counters.map((c) => {
    let state = t("closed"), cls = "closed";
    if (c.status === "paused") { state = c.pause_reason ? t("paused_reason", {reason: c.pause_reason}) : t("paused"); cls = "paused"; }
    else if (c.ticket) { state = c.ticket.label + (c.ticket.priority ? " · " + t("priority_mark") : ""); cls = "busy"; }
    else if (c.status === "open") { state = "—"; cls = "open"; }
    return [t("counter_label", {n: c.number}), state, cls];
  });
  // Rows never shrink: more counters than fit turn pages every 8 s, as signage does.
  if (!body.rows.length) body.innerHTML = "<tr><th>&nbsp;</th><td>&nbsp;</td></tr>";  // a row to measure
  const row = body.rows[0].offsetHeight;
  const panel = $("counters"), bottom = panel.getBoundingClientRect().bottom - parseFloat(getComputedStyle(panel).paddingBottom);
  const fit = Math.max(1, Math.floor((bottom - body.getBoundingClientRect().top) / row));
  const pages = Math.max(1, Math.ceil(rows.length / fit));
  counterPage %= pages;
  $("counters").querySelector("h2").textContent = t("counters_title") + (pages > 1 ? "  " + (counterPage + 1) + "/" + pages : "");
  body.innerHTML = "";
  for (const [name, state, cls] of rows.slice(counterPage * fit, (counterPage + 1) * fit)) {
    const tr = document.createElement("tr"); tr.className = cls;
    tr.innerHTML = "<th scope='row'></th><td></td>"; tr.firstChild.textContent = name; tr.lastChild.textContent = state;
    body.append(tr);
  }
  const fbody = $("fields").querySelector("tbody"); fbody.innerHTML = "";
  for (const f of snap.fields.filter((f) => f.waiting > 0)) {
    const tr = document.createElement("tr");
    tr.innerHTML = "<th scope='row'></th><td></td>";
    tr.firstChild.textContent = f[lang === "en" ? "name_en" : "name_vi"]; tr.lastChild.textContent = t("waiting_count", {count: f.waiting});
    fbody.append(tr);
  }
}
function renderClock() {
  const zone = config ? config.centre.timezone : "Asia/Ho_Chi_Minh", now = new Date(), locale = lang === "en" ? "en-GB" : "vi-VN";
  $("clock").textContent = new Intl.DateTimeFormat(locale, {timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false}).format(now);
  $("date").textContent = new Intl.DateTimeFormat(locale, {timeZone: zone, weekday: "long", day: "2-digit", month: "2-digit", year: "numeric"}).format(now);
  if (lastData && !$("offline").hidden) {
    const at = new Intl.DateTimeFormat(locale, {timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false}).format(lastData);
    $("offline").textContent = t("offline", {time: at});
  }
}
function render() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  if (config) { renderCall(); renderRecent(); renderTables(); renderClock(); }
}
// The line on top takes calls first in, first out, each for at least call_seconds and never while its
// announcement is still being spoken.
function pump() {
  if (holding || !queue.length) return;
  const call = queue.shift(); holding = true; shown = call;
  renderCall(); renderRecent();
  requestAnimationFrame(() => requestAnimationFrame(() => { painted[call.label] = Date.now(); document.body.dataset.shownSeq = call.seq; }));
  if (!call.stale) {
    $("call").classList.add("flash");
    setTimeout(() => $("call").classList.remove("flash"), (config.display.highlight_seconds || 6) * 1000);
  }
  const least = new Promise((done) => setTimeout(done, (config.display.call_seconds || 4) * 1000));
  Promise.all([least, call.spoken]).then(() => { holding = false; pump(); });
}
function onCall(call) {
  recent = [call].concat(recent.filter((c) => c.seq !== call.seq)).slice(0, 11);
  const v = voice && voice.v;
  call.stale = !v || Date.now() - Date.parse(call.at) > v.stale_after_s * 1000;
  call.spoken = Promise.resolve();
  call.sentence = (v ? v.template : "").replace("{number}", call.label).replace("{counter}", call.counter)
    .replace("{field}", fieldName(call.field));
  if (voice && !call.stale) call.spoken = new Promise((done) => voice.push(Object.assign({done}, call)));
  queue.push(call); pump();
}
function loadSnapshot(s) {
  snap = s; lastData = new Date();
  recent = s.recent_calls.map((c) => ({seq: c.seq, at: c.at, label: c.label, counter: c.counter,
    field: c.field, recall: c.kind === "recalled", priority: c.priority})).slice(0, 11);
  if (!shown && recent.length) shown = recent[0];
  render();
}
function scheduleRefresh() {
  clearTimeout(refresh);
  refresh = setTimeout(() => api("/snapshot").then((s) => { snap = s; lastData = new Date(); renderTables(); }).catch(() => {}), 250);
}
function connect() {
  const url = new URL("/api/v1/events", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("token", key);
  if (lastSeq !== null) url.searchParams.set("since", lastSeq);
  const ws = new WebSocket(url);
  ws.onopen = () => { retry = 1000; $("offline").hidden = true; };
  ws.onmessage = (m) => {
    const msg = parseMessage(JSON.parse(m.data));
    if (msg.seq !== undefined) lastSeq = msg.seq;
    lastData = new Date();
    if (msg.snapshot) loadSnapshot(msg.snapshot);
    if (msg.call) onCall(msg.call);
    if (msg.message) showMessage(msg.message);
    if (msg.refresh) scheduleRefresh();
  };
  ws.onclose = (e) => {
    $("offline").hidden = false; renderClock();
    if (e.code === 4001) { start(); return; }  // the key was refused: check it again over HTTP
    setTimeout(connect, retry); retry = Math.min(retry * 2, 15000);
  };
}
let message = {};
function showMessage(m) {
  message = m;
  const live = m.text && !(m.until && Date.parse(m.until) < Date.now());  // its minutes are over
  $("message").hidden = !live; $("message").querySelector("span").textContent = live ? m.text : "";
}
async function setupVoice() {
  const table = config.tables.voice || {};
  const v = QmsVoice.settingsFrom(table, table.with_field ? C.texts.vi.template_with_field : C.texts.vi.template);
  const base = "/display/voice/" + encodeURIComponent(v.voice) + "/";
  const clips = await fetch(base + "clips.json").then((r) => r.json());
  voice = new QmsVoice.Player(v, clips, base, {
    onplay: (call) => { $("call-spoken").textContent = call.sentence || ""; },
    onend: (call) => { $("call-spoken").textContent = ""; call.done(); }});
  // A TV browser may refuse sound until someone presses a key once; the button says so and does it.
  if (voice.unlock() !== "running") { $("sound").hidden = false; }
  $("sound").onclick = () => { if (voice.unlock() === "running") $("sound").hidden = true; };
}
function setupTicker() {
  const texts = [].concat(config.display.ticker || []);
  if (!texts.length) return;
  $("ticker").hidden = false; $("ticker").firstChild.textContent = texts.join("     •     ");
}
async function start() {
  document.body.dataset.state = "loading";
  try {
    config = await api("/config");
  } catch (error) {
    if (error && error.code === "unauthorized") { document.body.dataset.state = "setup"; $("setup").hidden = false; return; }
    $("offline").hidden = false; setTimeout(start, 3000); return;
  }
  config.display = config.tables.display || {};
  document.body.dataset.state = "live"; $("setup").hidden = true;
  setupTicker();
  api("/display/message").then((r) => showMessage(r.message || {})).catch(() => {});
  await setupVoice().catch((e) => console.warn("voice", e));
  render(); connect();
}
setInterval(() => { renderClock(); if (message.until) showMessage(message); }, 1000);
setInterval(() => { counterPage++; renderTables(); }, 8000);
render();
if (!key) { document.body.dataset.state = "setup"; $("setup").hidden = false; } else start();
