// The citizen's phone ticket (server/pages.py): follow the ticket's live channel, swap in the blocks the
// server renders, and when it is called show it, play a tone and vibrate where the phone allows.
"use strict";
const C = JSON.parse(document.getElementById("qms-config").textContent);
const $ = (id) => document.getElementById(id);
let lang = localStorage.getItem("qms-ticket-lang") === "en" ? "en" : "vi";
let state = C.state, counter = C.counter, audio = null, flashing = null;

function t(name, values) {
  return (C.texts[lang][name] || name).replace(/\{(\w+)\}/g, (m, k) => (values && k in values) ? values[k] : m);
}
function render() {
  document.documentElement.lang = lang;
  $("status-vi").hidden = lang !== "vi"; $("status-en").hidden = lang !== "en";
  $("lang").textContent = t("language"); $("lang").lang = lang === "vi" ? "en" : "vi";
  $("alert").textContent = audio ? t("alert_ready") : t("alert_on");
  $("live").textContent = document.body.classList.contains("offline") ? t("offline") : t("live");
  document.title = state === "called" && counter ? t("called_title", {counter}) : t("title");
}
// A phone plays sound and vibrates only after the citizen touched the page once: the button asks for it.
function unlock() {
  if (!audio && (window.AudioContext || window.webkitAudioContext)) {
    audio = new (window.AudioContext || window.webkitAudioContext)();
  }
  if (audio && audio.state === "suspended") audio.resume();
  if (navigator.vibrate) navigator.vibrate(50);
  render();
}
function tone() {
  if (!audio) return;
  const now = audio.currentTime;
  [[880, 0], [660, 0.35], [880, 0.9], [660, 1.25]].forEach(([hz, at]) => {
    const osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = hz; gain.gain.setValueAtTime(0.0001, now + at);
    gain.gain.exponentialRampToValueAtTime(0.5, now + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.3);
    osc.connect(gain).connect(audio.destination); osc.start(now + at); osc.stop(now + at + 0.32);
  });
}
function called() {
  window.qmsCalledAt = Date.now();  // when the page learnt it (bench/bench_web.py)
  tone();
  if (navigator.vibrate) navigator.vibrate([400, 150, 400, 150, 400]);
  // Flash at 1 Hz for ten seconds (far under the 3 Hz where flashing becomes a risk), then stay steady.
  clearInterval(flashing); let n = 0;
  flashing = setInterval(() => { document.body.classList.toggle("flash"); if (++n >= 20) { clearInterval(flashing); document.body.classList.remove("flash"); } }, 500);
}
function apply(msg) {
  $("status-vi").innerHTML = msg.vi; $("status-en").innerHTML = msg.en;
  const wasCalled = state === "called";
  state = msg.state; counter = msg.counter;
  document.body.dataset.state = state;
  document.body.dataset.seq = String(Number(document.body.dataset.seq || 0) + 1);
  render();
  if (state === "called" && !wasCalled) called();
}
function follow() {
  // EventSource reconnects by itself; the server sends the current status first on every connection.
  const source = new EventSource(C.live);
  source.onopen = () => { document.body.classList.remove("offline"); render(); };
  source.onmessage = (m) => apply(JSON.parse(m.data));
  source.onerror = () => { document.body.classList.add("offline"); render(); };
}
$("lang").onclick = () => { lang = lang === "vi" ? "en" : "vi"; localStorage.setItem("qms-ticket-lang", lang); render(); };
$("alert").hidden = false;
$("alert").onclick = unlock;
render();
follow();
