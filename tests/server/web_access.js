// What tests/server/test_web_access.py finds wrong on a page: no language, controls a screen reader would
// announce without a name, fields without a label, and text below AAA contrast (WCAG 2: 7:1) against what
// is behind it. Returns the list of problems.
const out = [];
if (!document.documentElement.lang) out.push("no lang");
for (const el of document.querySelectorAll("button, a[href]")) {
  if (el.offsetParent !== null && !(el.textContent.trim() || el.getAttribute("aria-label"))) {
    out.push("unnamed " + el.outerHTML);
  }
}
for (const el of document.querySelectorAll("input, select, textarea")) {
  if (!(el.id && document.querySelector("label[for='" + el.id + "']"))) out.push("unlabelled " + el.outerHTML);
}
const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
const lum = ([r, g, b]) => [r, g, b].map((v) => {
  v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
const behind = (el) => {
  for (; el; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
  }
  return [255, 255, 255];
};
for (const el of document.querySelectorAll("body *")) {
  const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own || el.offsetParent === null || el.closest(".flash")) continue;
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(behind(el))];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 7) out.push("contrast " + ratio.toFixed(2) + " " + el.outerHTML.slice(0, 100));
}
return out;
