// The administrators' pages (server/admin_page.py): the login form, and today's centre followed live.
// Requests carry the HttpOnly login cookie by themselves; this script never sees the token.
"use strict";
const C = JSON.parse(document.getElementById("qms-config").textContent);
const $ = (id) => document.getElementById(id);
let lang = localStorage.getItem("qms-admin-lang") === "en" ? "en" : "vi";
let snap = null, config = null, printers = [], devices = [], staff = [], retry = 1000, refresh = null;

function t(name, values) {
  return (C.texts[lang][name] || name).replace(/\{(\w+)\}/g, (m, k) => (values && k in values) ? values[k] : m);
}
async function api(method, path, body) {
  const r = await fetch(path, {method, headers: {"Content-Type": "application/json"},
    body: body === undefined ? undefined : JSON.stringify(body)});
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw Object.assign(data.error || {}, {status: r.status});
  return data;
}
function rows(id, list, cells) {
  const body = $(id).querySelector("tbody"); body.innerHTML = "";
  for (const item of list) {
    const tr = document.createElement("tr");
    for (const [i, value] of cells(item).entries()) {
      const cell = document.createElement(i ? "td" : "th");
      if (!i) cell.scope = "row";
      if (value && value.cls) { cell.className = value.cls; cell.textContent = value.text; } else cell.textContent = value;
      tr.append(cell);
    }
    body.append(tr);
  }
}
const time = (at) => at ? new Date(at).toLocaleTimeString(lang === "en" ? "en-GB" : "vi-VN", {hour: "2-digit", minute: "2-digit"}) : "";
function render() {
  document.documentElement.lang = lang;
  $("lang").textContent = t("language"); $("lang").lang = lang === "vi" ? "en" : "vi";
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  if (document.body.dataset.state !== "dashboard") return;
  if (snap) {
    rows("fields", snap.fields, (f) => [f[lang === "en" ? "name_en" : "name_vi"], String(f.waiting),
      f.overloaded ? "—" : t("minutes", {minutes: f.estimated_minutes || 0}),
      f.state === "issuing" ? t("issuing") : {cls: "warn", text: t("not_issuing")}]);
    rows("counters", snap.counters, (c) => [c.name || String(c.number), c.officer_name || "—",
      c.status === "paused" ? {cls: "warn", text: t("paused") + (c.pause_reason ? ": " + c.pause_reason : "")} : t(c.status === "open" ? "open" : "closed"),
      c.ticket ? c.ticket.label + " (" + t("state_" + c.ticket.state) + ")" : "—"]);
  }
  rows("printers", printers.length ? printers : [{none: true}], (p) => p.none ? [t("printers_none"), "", ""] : [p.kiosk,
    p.silent ? {cls: "bad", text: t("printer_silent")} : p.status === "ready" ? t("printer_ok") : {cls: "bad", text: p.status + (p.reason ? ": " + p.reason : "")},
    time(p.reported_at)]);
  rows("devices", devices, (d) => [String(d.id), t("role_" + d.kind), d.name + (d.counter ? " (" + d.counter + ")" : ""), d.active ? t("yes") : {cls: "warn", text: t("no")}]);
  rows("staff", staff, (s) => [s.username, s.full_name, t("role_" + s.role), s.active ? t("yes") : {cls: "warn", text: t("no")}]);
}
async function load() {
  [snap, printers, devices, staff] = await Promise.all([api("GET", "/api/v1/snapshot"), api("GET", "/api/v1/kiosk/printers"),
    api("GET", "/api/v1/admin/devices"), api("GET", "/api/v1/admin/staff")]);
  render();
}
function scheduleLoad() { clearTimeout(refresh); refresh = setTimeout(() => load().catch(() => {}), 250); }
function connect() {
  const url = new URL("/api/v1/events", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  if (snap) url.searchParams.set("since", snap.seq);
  const ws = new WebSocket(url);  // the login cookie goes with it (same origin)
  ws.onopen = () => { retry = 1000; $("offline").hidden = true; };
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.type === "reload") { snap = msg.snapshot; render(); }
    else if (msg.type === "event") { snap.seq = msg.event.seq; scheduleLoad(); }
  };
  ws.onclose = (e) => {
    if (e.code === 4001) { location.reload(); return; }  // the session ended: back to the login form
    $("offline").hidden = false; setTimeout(connect, retry); retry = Math.min(retry * 2, 15000);
  };
}
$("lang").onclick = () => { lang = lang === "vi" ? "en" : "vi"; localStorage.setItem("qms-admin-lang", lang); render(); };
if (document.body.dataset.state === "login") {
  $("login").onsubmit = async (event) => {
    event.preventDefault();
    const username = $("username").value.trim(), pin = $("pin").value;
    if (!username || !pin) { $("error").textContent = t("login_missing"); return; }
    try {
      await api("POST", "/admin/login", {username, pin});
      location.reload();
    } catch (error) {
      $("error").textContent = error[lang === "en" ? "message_en" : "message_vi"] || String(error.status);
      $("pin").value = ""; $("pin").focus();
    }
  };
  render(); $("username").focus();
} else {
  $("logout").onclick = () => api("POST", "/admin/logout").finally(() => location.reload());
  render();
  load().then(connect, () => location.reload());
}
