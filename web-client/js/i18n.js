// Strings live in /i18n/<lang>.json only. French when the browser prefers
// it (or the user chose it), English otherwise.
const LANGS = ['fr', 'en'];
let strings = {};
let lang = 'en';
const listeners = new Set();

export function preferredLang() {
  const saved = localStorage.getItem('codev.lang');
  if (LANGS.includes(saved)) return saved;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const base = String(l).toLowerCase().slice(0, 2);
    if (LANGS.includes(base)) return base;
  }
  return 'en';
}

// French typography: the space before a colon and inside guillemets does
// not break (a line never starts with ":" or "»").
function frenchSpaces(s) {
  return typeof s === 'string' ? s.replace(/ ([:»])/g, '\u00a0$1').replace(/« /g, '«\u00a0') : s;
}

export async function setLang(next, { remember = false } = {}) {
  const res = await fetch(`/i18n/${next}.json`);
  if (!res.ok) throw new Error(`i18n ${next}: ${res.status}`);
  strings = await res.json();
  if (next === 'fr') for (const [k, v] of Object.entries(strings)) strings[k] = frenchSpaces(v);
  lang = next;
  if (remember) localStorage.setItem('codev.lang', next);
  document.documentElement.lang = next;
  for (const fn of listeners) fn(lang);
}

export const currentLang = () => lang;
export const otherLang = () => (lang === 'fr' ? 'en' : 'fr');
export function onLang(fn) { listeners.add(fn); }

// t('timer.left', {n: 3}) — "{n}" placeholders; a missing key shows itself
// so that it is noticed (and caught by the tests).
export function t(key, vars = {}) {
  let s = strings[key];
  if (typeof s !== 'string') return key;
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// "2 min", "45 s"-style durations for labels.
export function minutes(ms) {
  return t('unit.min', { n: Math.round(ms / 60000) });
}

export const has = (key) => typeof strings[key] === 'string';

// A template's name in the page's language when we know it.
export function templateName(tpl) {
  return has(`template.${tpl.id}`) ? t(`template.${tpl.id}`) : tpl.name;
}
