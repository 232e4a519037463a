// The rating tablet's page (server/rating_page.py): wait, ask after each finished ticket, record, thank.
"use strict";
const C = JSON.parse(document.getElementById("qms-config").textContent);
const $ = (id) => document.getElementById(id);
let lang = localStorage.getItem("qms-rating-lang") || "vi";
let key = localStorage.getItem("qms-rating-key") || "";
const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
if (fromHash) { key = fromHash; localStorage.setItem("qms-rating-key", key); history.replaceState(null, "", "/rating"); }
let info = null, current = null, lastSeq = null, timer = null, tick = null, retry = 1000;

function t(name, values) {
  return (C.texts[lang][name] || name).replace(/\{(\w+)\}/g, (m, k) => (values && k in values) ? values[k] : m);
}
function show(state) {
  document.body.dataset.state = state;
  for (const s of ["setup", "waiting", "asking", "reasons", "sending", "thanks", "refused"]) $(s).hidden = s !== state;
}
function render() {
  document.documentElement.lang = lang;
  $("lang").textContent = t("language");
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  if (info) {
    // In Vietnamese the counter's own name ("Quầy 1 – Đất đai"), which the centre wrote; else "Counter 1".
    const counter = lang === "vi" && info.name ? info.name : t("counter", {counter: info.counter});
    for (const el of document.querySelectorAll(".who")) el.textContent = counter;
    const officer = info.officer_name ? t("officer", {name: info.officer_name}) : t("no_officer");
    for (const el of document.querySelectorAll(".officer")) el.textContent = officer;
  }
  if (current) $("ticket").textContent = t("ticket", {label: current.label});
  if (current && current.error) $("refusal").textContent = t("not_sent", {reason: current.error[lang === "en" ? "message_en" : "message_vi"]});
}
async function api(method, path, body) {
  const r = await fetch("/api/v1" + path, {method, headers: {"Authorization": "Bearer " + key,
    "Content-Type": "application/json"}, body: body === undefined ? undefined : JSON.stringify(body)});
  const data = await r.json().catch(() => ({}));
  if (!r.ok) throw (data.error || {message_vi: String(r.status), message_en: String(r.status)});
  return data;
}
async function loadCounter() { info = await api("GET", "/rating/counter"); render(); }
function wait() {
  clearTimeout(timer); clearInterval(tick); current = null; show("waiting"); render();
}
function countdown(seconds) {
  clearTimeout(timer); clearInterval(tick);
  const end = Date.now() + seconds * 1000;
  const step = () => {
    const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    for (const el of document.querySelectorAll(".left")) el.textContent = t("seconds_left", {seconds: left});
    for (const el of document.querySelectorAll(".bar div")) el.style.width = (100 * left / seconds) + "%";
  };
  step(); tick = setInterval(step, 250); timer = setTimeout(wait, seconds * 1000);
}
async function ask(event) {
  if (!info || event.username !== info.officer) await loadCounter().catch(() => {});
  current = {ticket_id: event.ticket_id, label: event.label};
  show("asking"); render(); countdown(C.ask_seconds);
}
async function send(answer, reasons) {
  if (!current) return;
  clearTimeout(timer); clearInterval(tick); show("sending");
  try {
    await api("POST", "/counters/" + info.counter + "/tickets/" + current.ticket_id + "/rating", {answer, reasons});
    show("thanks");
  } catch (error) {
    current.error = error; show("refused"); render();
  }
  timer = setTimeout(wait, C.thanks_seconds * 1000);
}
function connect() {
  const url = new URL("/api/v1/events", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("token", key);
  if (lastSeq !== null) url.searchParams.set("since", lastSeq);
  const ws = new WebSocket(url);
  ws.onopen = () => { retry = 1000; $("offline").hidden = true; loadCounter().catch(() => {}); };
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.type === "reload") lastSeq = msg.snapshot.seq;
    if (msg.type !== "event") return;
    const e = msg.event; lastSeq = e.seq;
    if (!info || e.counter !== info.counter) return;
    if (e.kind === "finished") ask(e);
    else if (["login", "logout", "paused", "unpaused"].includes(e.kind)) loadCounter().catch(() => {});
  };
  ws.onclose = () => { $("offline").hidden = false; setTimeout(connect, retry); retry = Math.min(retry * 2, 15000); };
}
$("lang").onclick = () => { lang = lang === "vi" ? "en" : "vi"; localStorage.setItem("qms-rating-lang", lang); render(); };
for (const b of document.querySelectorAll(".answers button")) b.onclick = () => {
  if (b.value === "dissatisfied") {
    for (const box of document.querySelectorAll(".reasons input")) box.checked = false;
    show("reasons"); countdown(C.ask_seconds);
  } else send(b.value, []);
};
$("send").onclick = () => send("dissatisfied", [...document.querySelectorAll(".reasons input:checked")].map((x) => x.value));
$("back").onclick = () => { show("asking"); countdown(C.ask_seconds); };
render();
// A tablet that starts before the server (a power cut) keeps trying; only a refused key needs a person.
function start() {
  loadCounter().then(connect, (error) => {
    if (error && error.code === "unauthorized") { show("setup"); return; }
    $("offline").hidden = false; setTimeout(start, 3000);
  });
}
if (!key) show("setup"); else { wait(); start(); }
