// Boot and routing. The hub serves this page at "/" (the organizer start
// page, organizer token in the fragment), at "/r/<room>" (the room,
// facilitator or participant token in the fragment), at "/j" (a person's
// personal link of a session) and at "/c/<session>" (the organizer's
// console, organizer token in the fragment). The token is moved
// out of the address bar at once and kept for this tab in sessionStorage,
// so a reload still works but the link never lingers on screen.
import { setLang, preferredLang, otherLang, currentLang, onLang, t } from './i18n.js';
import { h, $ } from './dom.js';
import { mountOrganizer } from './views/organizer.js';
import { mountRoom } from './views/room.js';
import { mountConsole } from './views/console.js';

function takeToken() {
  const key = `codev.token:${location.pathname}`;
  const frag = location.hash.slice(1);
  if (frag) {
    history.replaceState(null, '', location.pathname + location.search);
    if (/^[A-Za-z0-9_-]{1,191}$/.test(frag)) {
      sessionStorage.setItem(key, frag);
      return frag;
    }
  }
  return sessionStorage.getItem(key);
}

function chrome() {
  const lang = $('#lang');
  const label = () => {
    const other = otherLang();
    lang.textContent = t(`lang.${other}`);
    lang.lang = other;
    // The visible name is the accessible name (WCAG 2.5.3); the hint is a title.
    lang.title = t('lang.switch');
    $('#skip').textContent = t('action.skip');
  };
  onLang(label);
  label();
  lang.addEventListener('click', () => setLang(otherLang(), { remember: true }));
}

function fatal(message) {
  $('#app').replaceChildren(h('section', { class: 'card narrow' },
    h('h1', {}, t('app.title')), h('p', {}, message)));
}

// Taken before anything else (and before the first await): the token must
// not stay in the address bar while the strings load.
const token = takeToken();

async function boot() {
  await setLang(preferredLang());
  chrome();
  const path = location.pathname;
  const m = path.match(/^\/r\/([^/]+)\/?$/);
  const c = path.match(/^\/c\/([0-9]{1,9})\/?$/);
  try {
    if (m) mountRoom(decodeURIComponent(m[1]), token);
    else if (/^\/j\/?$/.test(path)) mountRoom(null, token);
    else if (c) mountConsole(Number(c[1]), token);
    else mountOrganizer(token);
  } catch (e) {
    fatal(String(e));
    throw e;
  }
  document.documentElement.dataset.ready = currentLang();
  onLang((l) => { document.documentElement.dataset.ready = l; });
}

boot();
