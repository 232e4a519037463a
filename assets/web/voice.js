// Announcements in the browser (server/wall_page.py): the same clip sequence as client/voice/phrase.py
// (chime, then the phrase `repeat` times; numbers read in Vietnamese by the same rules as
// client/voice/numbers.py), played from the server's copy of the voice clips with the Web Audio API,
// first in first out, each to its end. tests/server/test_web_display.py compares sequences with Python's.
"use strict";
const QmsVoice = (() => {
  const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
  const LETTERS = "ABCDĐEFGHIJKLMNOPQRSTUVWXYZ";
  const PAUSE = ",";
  const normalize = (s) => s.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}_\s]/gu, " ").split(/\s+/).filter(Boolean).join(" ");
  function settingsFrom(table, template) {
    const v = Object.assign({voice: "vi-north", repeat: 2, pause_ms: 800, gap_ms: 40, chime: true, chime_gap_ms: 250,
      digit_pause_ms: 150, by_digit: false, volume: 80, stale_after_s: 120, short_when_waiting: 1}, table || {});
    const south = v.voice === "vi-south";
    v.reading = {zero_tens: v.zero_tens || (south ? "lẻ" : "linh"), thousand: v.thousand || (south ? "ngàn" : "nghìn"),
      one_after_tens: v.one_after_tens || "mốt", four_after_tens: v.four_after_tens || "bốn",
      five_after_ten: v.five_after_ten || "lăm"};
    v.template = v.template || template;
    return v;
  }
  function belowThousand(n, r, full) {
    const hundreds = Math.floor(n / 100), tens = Math.floor(n % 100 / 10), units = n % 10, w = [];
    if (hundreds || full) w.push(DIGITS[hundreds], "trăm");
    if (tens === 0) { if (units) { if (w.length) w.push(r.zero_tens); w.push(DIGITS[units]); } return w; }
    if (tens === 1) w.push("mười"); else w.push(DIGITS[tens], "mươi");
    if (units === 1) w.push(tens >= 2 ? r.one_after_tens : "một");
    else if (units === 4) w.push(tens >= 2 ? r.four_after_tens : "bốn");
    else if (units === 5) w.push(tens >= 2 ? r.five_after_ten : "lăm");
    else if (units) w.push(DIGITS[units]);
    return w;
  }
  function numberWords(n, r) {
    if (n === 0) return [DIGITS[0]];
    const millions = Math.floor(n / 1e6), thousands = Math.floor(n % 1e6 / 1000), units = n % 1000;
    let w = [];
    if (millions) w = w.concat(belowThousand(millions, r, false), ["triệu"]);
    if (thousands) w = w.concat(belowThousand(thousands, r, w.length > 0), [r.thousand]);
    if (units) w = w.concat(belowThousand(units, r, w.length > 0));
    return w;
  }
  function ticketWords(ticket, r, byDigit) {
    const text = String(ticket).trim().toUpperCase().replace(/[- ]/g, "");
    let i = 0;
    while (i < text.length && LETTERS.includes(text[i])) i++;
    const digits = text.slice(i);
    if (!/^[0-9]+$/.test(digits)) throw new Error("not a ticket number: " + ticket);
    const w = [...text.slice(0, i)].map((ch) => ch === "Đ" ? "letter_dd" : "letter_" + ch.toLowerCase());
    if (byDigit) {
      if (w.length) w.push(PAUSE);
      [...digits].forEach((d, k) => { if (k) w.push(PAUSE); w.push(DIGITS[+d]); });
      return w;
    }
    return w.concat(numberWords(parseInt(digits, 10), r));
  }
  // The clip sequence of one call: clip names and {ms} pauses, as client.voice.phrase.clip_sequence.
  function sequence(v, byText, ticket, counter, field, short) {
    const named = (word) => { const n = byText[normalize(word)]; if (!n) throw new Error("no clip for " + word); return n; };
    const textClips = (text) => byText[normalize(text)] ? [byText[normalize(text)]] : normalize(text).split(" ").map(named);
    const words = (list) => list.map((w) => w === PAUSE ? {ms: v.digit_pause_ms} : w.startsWith("letter_") ? w : named(w));
    const phrase = [];
    v.template.split(/(\{\w+\})/).forEach((part) => {
      if (part === "{number}") phrase.push(...words(ticketWords(ticket, v.reading, v.by_digit)));
      else if (part === "{counter}") phrase.push(...words(ticketWords(String(counter), v.reading, false)));
      else if (part === "{field}") phrase.push(...textClips(field || ""));
      else if (part.replace(/[ ,.;:!?–-]/g, "")) phrase.push(...textClips(part));
    });
    const out = [];
    if (v.chime && !short) out.push("chime", {ms: v.chime_gap_ms});
    for (let k = 0; k < (short ? 1 : v.repeat); k++) { if (k) out.push({ms: v.pause_ms}); out.push(...phrase); }
    return out;
  }
  // Plays announcements one after another; `onplay(call)`/`onend(call)` let the page show the sentence.
  class Player {
    constructor(v, byText, base, hooks) {
      this.v = v; this.byText = byText; this.base = base; this.hooks = hooks || {};
      this.queue = []; this.busy = false; this.buffers = {}; this.context = null;
    }
    unlock() {
      if (!this.context) this.context = new (window.AudioContext || window.webkitAudioContext)();
      if (this.context.state === "suspended") this.context.resume();
      return this.context.state;
    }
    push(call) { this.queue.push(call); this.next(); }
    clip(name) {
      if (!this.buffers[name]) {
        this.buffers[name] = fetch(this.base + name + ".wav").then((r) => {
          if (!r.ok) throw new Error(name + ": " + r.status);
          return r.arrayBuffer();
        }).then((data) => this.context ? this.context.decodeAudioData(data) : null)
          .catch((e) => { delete this.buffers[name]; throw e; });
      }
      return this.buffers[name];
    }
    async next() {
      if (this.busy || !this.queue.length) return;
      this.busy = true;
      const call = this.queue.shift();
      const short = this.v.short_when_waiting > 0 && this.queue.length >= this.v.short_when_waiting;
      try {
        const items = sequence(this.v, this.byText, call.label, call.counter, call.field, short);
        const names = [...new Set(items.filter((x) => typeof x === "string"))];
        const buffers = await Promise.all(names.map((n) => this.clip(n)));
        if (this.hooks.onplay) this.hooks.onplay(call);
        if (this.context && this.context.state === "running") await this.play(items, names, buffers);
      } catch (e) { console.warn("announcement", e); }
      if (this.hooks.onend) this.hooks.onend(call);
      this.busy = false; this.next();
    }
    play(items, names, buffers) {
      const c = this.context, gain = c.createGain();
      gain.gain.value = Math.max(0, Math.min(1, (this.v.volume / 100) ** 2));
      gain.connect(c.destination);
      let at = c.currentTime + 0.05, previousClip = false;
      for (const item of items) {
        if (typeof item !== "string") { at += item.ms / 1000; previousClip = false; continue; }
        if (previousClip) at += this.v.gap_ms / 1000;
        const buffer = buffers[names.indexOf(item)], source = c.createBufferSource();
        source.buffer = buffer; source.connect(gain); source.start(at); at += buffer.duration; previousClip = true;
      }
      return new Promise((done) => setTimeout(done, Math.max(0, (at - c.currentTime) * 1000) + 50));
    }
  }
  return {settingsFrom, sequence, numberWords, ticketWords, normalize, Player};
})();
