// In a room of a session: the organizer's banner (dismissible), the common
// countdown back to plenary, "Ask for help" (help.request), which the
// organizer's console shows with the room's context and the room then
// hears of as "on its way" and "handled" (session.help), and where and
// why the organizer moved you (session.moved, before the 4005 close,
// shown once the new room's welcome arrives).
import { h, replace } from '../dom.js';
import { t, onLang } from '../i18n.js';
import * as clock from '../clock.js';
import { announce, notice } from '../ui.js';
import { mmss } from '../console-state.js';
import { createRecords } from './records.js';

const DISMISSED_KEY = 'codev.banner.dismissed';

export function createSessionBar(ctx) {
  const info = { session: null, banner: null, plenaryAt: null };
  let dismissed = Number(sessionStorage.getItem(DISMISSED_KEY) || 0);
  let helpOpen = false;
  let helpText = '';
  let helpState = ''; // '' | 'sending' | 'sent' | 'handled'
  let moving = null; // the session.moved message until the next welcome
  let movedNote = ''; // shown in the new room
  let sentTimer = null;
  let heardBanner = 0, heardPlenary = null; // announced once, not on each reconnect
  const bannerBox = h('div', { class: 'session-banner-wrap' });
  const plenaryBox = h('div', { class: 'plenary', role: 'timer', 'aria-live': 'off', dataset: { testid: 'plenary' }, hidden: true });
  const strip = h('div', { class: 'session-strip' });
  const movedBox = h('p', { class: 'session-moved', role: 'status', dataset: { testid: 'session-moved' }, hidden: true });
  const helpBox = h('div', { class: 'help-box' });
  const records = createRecords(ctx);
  const el = h('section', { class: 'session-bar', 'aria-label': t('session.bar'), hidden: true, dataset: { testid: 'session-bar' } },
    bannerBox, movedBox, h('div', { class: 'session-row' }, strip, plenaryBox), helpBox, records.el);

  function helpLater(ms) {
    clearTimeout(sentTimer);
    sentTimer = setTimeout(() => { if (helpState === 'sent' || helpState === 'handled') { helpState = ''; render(); } }, ms);
  }

  async function askHelp(e) {
    e.preventDefault();
    if (helpState === 'sending') return;
    helpState = 'sending';
    render();
    const message = helpText.trim();
    const r = await ctx.conn.request('help.request', message ? { message } : {});
    if (r.type === 'ack') {
      helpState = 'sent';
      helpLater(15 * 60000);
      helpText = '';
      helpOpen = false;
      announce(t('session.help.sent'));
    } else {
      helpState = '';
      const key = r.code === 'not_found' ? 'session.help.not_session' : r.code === 'disconnected' ? 'err.disconnected'
        : r.code === 'bad_field' ? 'session.help.too_long' : 'session.help.failed';
      notice(t(key, { code: r.code }), { kind: 'error' });
    }
    render();
    if (helpState === 'sent') el.querySelector('[data-testid="help-open"]')?.focus();
  }

  function renderBanner() {
    const b = info.banner;
    if (!b || !b.text || b.at <= dismissed) { bannerBox.replaceChildren(); return; }
    replace(bannerBox, h('div', { class: 'session-banner', dataset: { testid: 'session-banner' } },
      h('div', { class: 'grow' },
        h('p', { class: 'session-banner-from' }, t('session.banner.from')),
        h('p', { class: 'session-banner-text pre', dataset: { testid: 'session-banner-text' } }, b.text)),
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', dataset: { focus: 'banner-dismiss', testid: 'banner-dismiss' },
        'aria-label': t('session.banner.dismiss'), onclick: () => {
          dismissed = b.at;
          sessionStorage.setItem(DISMISSED_KEY, String(b.at));
          renderBanner();
        } }, '\u00d7')));
  }

  function render() {
    const s = info.session;
    el.hidden = !s;
    if (!s) return;
    renderBanner();
    replace(strip,
      h('span', { class: 'session-where', dataset: { testid: 'session-where' } },
        h('strong', {}, t('session.group', { group: s.group })), ' \u00b7 ',
        s.meeting > 1 ? [t('session.meeting', { n: s.meeting }), ' \u00b7 '] : null,
        t('session.workshop', { n: s.workshop, total: s.workshops })),
      h('button', { type: 'button', class: `btn btn-small ${helpOpen ? '' : 'btn-help'}`, 'aria-expanded': String(helpOpen),
        'aria-controls': 'help-form', dataset: { focus: 'help-open', testid: 'help-open' },
        onclick: () => { helpOpen = !helpOpen; helpState = helpState === 'sent' && helpOpen ? '' : helpState; render();
          if (helpOpen) el.querySelector('#help-msg')?.focus(); } },
      t('session.help.button')),
      helpState === 'sent' ? h('span', { class: 'help-sent', role: 'status', dataset: { testid: 'help-sent' } }, t('session.help.sent')) : null,
      helpState === 'handled' ? h('span', { class: 'help-sent', role: 'status', dataset: { testid: 'help-handled' } }, t('session.help.handled')) : null);
    movedBox.hidden = !movedNote;
    movedBox.textContent = movedNote;
    replace(helpBox, helpOpen ? h('form', { id: 'help-form', class: 'help-form', onsubmit: askHelp },
      h('label', { for: 'help-msg' }, t('session.help.label')),
      h('p', { class: 'hint' }, t('session.help.hint')),
      h('textarea', { id: 'help-msg', rows: 2, maxlength: 500, value: helpText, dataset: { focus: 'help-msg', testid: 'help-message' },
        oninput: (e) => { helpText = e.target.value; } }),
      h('div', { class: 'row end' },
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { helpOpen = false; render(); } }, t('action.cancel')),
        h('button', { type: 'submit', class: 'btn btn-primary', disabled: helpState === 'sending',
          dataset: { focus: 'help-send', testid: 'help-send' } }, t('session.help.send')))) : null);
    tick();
  }

  function tick() {
    const at = info.plenaryAt;
    plenaryBox.hidden = !at;
    if (!at) return;
    const s = Math.max(0, Math.ceil((at - clock.now()) / 1000));
    const text = s > 0 ? t('session.plenary.in', { time: mmss(s) }) : t('session.plenary.now');
    if (plenaryBox.textContent !== text) {
      plenaryBox.textContent = text;
      plenaryBox.dataset.seconds = String(s);
      plenaryBox.dataset.state = s === 0 ? 'now' : s <= 60 ? 'soon' : 'on';
    }
  }
  setInterval(tick, 250);

  // welcome: {session?}; messages: session.banner / session.plenary.
  function welcome(msg) {
    info.session = msg.session || null;
    records.setSession(info.session);
    if (moving) {
      movedNote = t(`session.moved.${moving.reason}`, { group: moving.group, n: moving.workshop, meeting: moving.meeting });
      announce(movedNote, { urgent: true });
      moving = null;
      helpState = '';
    }
    // Banner and plenary are sent again after each welcome when set.
    info.banner = null;
    info.plenaryAt = null;
    render();
  }

  // A room link of the new room (session.moved.link): the address bar and
  // this tab's token follow, so a reload lands in the new room too.
  function followLink(link) {
    const m = /\/r\/([^/#]+)#([A-Za-z0-9_-]{1,191})$/.exec(link);
    if (!m || !location.pathname.startsWith('/r/')) return;
    const oldKey = `codev.id:${decodeURIComponent(location.pathname.slice(3))}:${ctx.conn.identity.token.slice(-16)}`;
    const old = JSON.parse(localStorage.getItem(oldKey) || '{}');
    const room = decodeURIComponent(m[1]);
    localStorage.setItem(`codev.id:${room}:${m[2].slice(-16)}`, JSON.stringify({ name: old.name, accepted: old.accepted }));
    sessionStorage.setItem(`codev.token:/r/${m[1]}`, m[2]);
    history.replaceState(null, '', `/r/${m[1]}`);
  }

  function message(msg) {
    if (msg.type === 'session.moved') {
      moving = msg;
      if (msg.link) followLink(msg.link);
      return;
    }
    if (msg.type === 'session.help') {
      const next = msg.state === 'handled' ? 'handled' : 'sent';
      if (next !== helpState) announce(t(next === 'handled' ? 'session.help.handled' : 'session.help.sent'));
      helpState = next;
      helpLater(next === 'handled' ? 60000 : 15 * 60000);
    } else if (msg.type === 'session.banner') {
      info.banner = { text: msg.text || '', at: msg.at || 0 };
      if (msg.text && msg.at > dismissed && msg.at !== heardBanner) {
        heardBanner = msg.at;
        announce(t('session.banner.live', { text: msg.text }), { urgent: true });
      }
    } else if (msg.type === 'session.plenary') {
      info.plenaryAt = typeof msg.at === 'number' ? msg.at : null;
      if (info.plenaryAt && info.plenaryAt !== heardPlenary) {
        const min = Math.max(1, Math.round((info.plenaryAt - clock.now()) / 60000));
        announce(t('session.plenary.live', { n: min }), { urgent: true });
      } else if (!info.plenaryAt && heardPlenary) announce(t('session.plenary.cancelled'));
      heardPlenary = info.plenaryAt;
    }
    render();
  }

  // The strip and the banner follow a change of language.
  onLang(() => { el.setAttribute('aria-label', t('session.bar')); render(); });

  return { el, welcome, message, render };
}
