// The organizer console (/c/<session>#<organizer token>): every room of a
// session on one screen, live from the console WebSocket. Alerts and help
// requests come first and are announced; the organizer broadcasts a
// banner, starts a plenary countdown, moves people and groups on.
import { h, $, replace } from '../dom.js';
import { t, onLang, currentLang, has } from '../i18n.js';
import { api } from '../api.js';
import * as clock from '../clock.js';
import { ConsoleState, displaySeconds, mmss } from '../console-state.js';
import { ConsoleConnection } from '../console-net.js';
import { personName } from '../sessions.js';
import { announce, notice, confirmDialog } from '../ui.js';
import { copyText, renewLink } from './person-link.js';

const TICK_MS = 250;

export function stepLabel(kind, title) {
  return kind && has(`step.${kind}.name`) ? t(`step.${kind}.name`) : (title || '');
}

// Room summaries and help items carry the room's 0-based step index, as
// the room protocol does; people read "step 2 of 6".
const summaryStepNumber = (r) => r.step + 1;
const helpStepNumber = (item) => item.step + 1;

function minutesBehind(ms) {
  return Math.max(1, Math.floor(ms / 60000));
}

function clockTime(ms) {
  return new Date(ms).toLocaleTimeString(currentLang() === 'fr' ? 'fr-CA' : 'en-CA', { hour: '2-digit', minute: '2-digit' });
}

function page(titleKey, textKey) {
  replace($('#app'), h('section', { class: 'card narrow message', dataset: { testid: 'message' } },
    h('h1', {}, t(titleKey)), h('p', {}, t(textKey))));
}

function hubNow() {
  return clock.isKnown() ? clock.now() : null;
}

export function mountConsole(sessionId, token) {
  if (!token) { page('console.no_token_title', 'console.no_token'); return; }
  const state = new ConsoleState();
  const conn = new ConsoleConnection(token, sessionId);
  const cards = new Map(); // group -> {el, body, timer}
  const moveDrafts = new Map(); // group -> {person, to}
  const linkDrafts = new Map(); // group -> {open, person, link, linkPerson}
  const base = `/api/sessions/${sessionId}`;
  let shell = null;
  let banner = '';
  let plenaryMinutes = '5';
  const busy = new Set();
  const heard = new Set(); // help requests already announced

  // --- actions (HTTP API; the WebSocket brings the result back) ---
  function renderBusy() {
    if (!shell || !state.session) return;
    renderHead();
    renderTools();
  }

  // okText: the notice once done (a function of the answer's body).
  async function call(key, path, body, okText) {
    if (busy.has(key)) return false;
    busy.add(key);
    renderBusy();
    const r = await api(token, `${base}${path}`, { method: 'POST', body });
    busy.delete(key);
    renderBusy();
    if (r.status >= 200 && r.status < 300) {
      if (r.status === 200 && r.body?.id) { state.setSession(r.body); renderAll(); }
      const text = typeof okText === 'function' ? okText(r.body) : okText;
      if (text) { notice(text); announce(text); }
      return true;
    }
    const why = r.status === 0 ? t('console.err.network') : r.status === 409 ? t('console.err.conflict')
      : (r.body?.message || `${r.status}`);
    notice(t('console.err.action', { why }), { kind: 'error' });
    return false;
  }

  const broadcast = (text) => call('banner', '/broadcast', { text },
    text ? t('console.banner.sent') : t('console.banner.cleared'));
  const plenary = (minutes) => call('plenary', '/plenary', { minutes },
    minutes ? t('console.plenary.started', { n: minutes }) : t('console.plenary.cancelled'));

  async function nextWorkshop(r) {
    const yes = await confirmDialog({
      title: t('console.next.title', { group: r.group }),
      text: t('console.next.text', { group: r.group, n: r.workshop + 1, total: r.workshops }),
      ok: t('console.next.ok') });
    if (!yes) return;
    await call(`next-${r.group}`, `/groups/${r.group}/next`, undefined, t('console.next.done', { group: r.group, n: r.workshop + 1 }));
  }

  async function move(group) {
    const d = moveDrafts.get(group);
    if (!d?.person || !d?.to) return;
    const name = personName(state.session, d.person);
    if (await call(`move-${group}`, `/people/${d.person}/move`, { group: d.to },
      t('console.move.done', { name, group: d.to }))) {
      moveDrafts.delete(group);
      renderCard(group);
    }
  }

  // A new meeting of the cycle: every group in a fresh room that opens
  // with the report-back step; optionally new groups.
  async function newMeeting() {
    const n = (state.session.meeting || 1) + 1;
    const reshuffle = h('input', { id: 'meeting-reshuffle', type: 'checkbox', 'aria-describedby': 'meeting-reshuffle-hint',
      dataset: { testid: 'meeting-reshuffle' } });
    const option = h('div', { class: 'check dialog-option' }, reshuffle,
      h('div', {},
        h('label', { for: 'meeting-reshuffle' }, t('console.meeting.reshuffle')),
        h('p', { class: 'hint', id: 'meeting-reshuffle-hint' }, t('console.meeting.reshuffle_hint'))));
    const yes = await confirmDialog({ title: t('console.meeting.title', { n }), testid: 'meeting-dialog',
      text: [t('console.meeting.text_rooms'), t('console.meeting.text_steps')], body: option,
      ok: t('console.meeting.ok', { n }) });
    if (!yes) return;
    const shuffled = reshuffle.checked;
    await call('meeting', '/meetings', { reshuffle: shuffled }, (doc) =>
      t(shuffled ? 'console.meeting.done_reshuffled' : 'console.meeting.done', { n: doc?.meeting || n }));
  }

  async function newLink(group) {
    const d = linkDrafts.get(group);
    if (!d?.person || busy.has(`link-${group}`)) return;
    busy.add(`link-${group}`);
    renderCard(group);
    const person = d.person;
    const link = await renewLink({ token, sessionId, person, name: personName(state.session, person) });
    busy.delete(`link-${group}`);
    if (link) linkDrafts.set(group, { ...(linkDrafts.get(group) || {}), link, linkPerson: person });
    renderCard(group);
  }

  const resolve = (item) => call(`help-${item.id}`, `/help/${item.id}/resolve`, undefined, t('console.help.resolved_sr'));

  // --- rendering ---
  function build() {
    const tools = h('section', { class: 'console-tools', 'aria-label': t('console.tools') });
    const help = h('section', { class: 'help-zone', 'aria-labelledby': 'help-title', dataset: { testid: 'help-zone' } });
    const head = h('header', { class: 'console-head' });
    const grid = h('ul', { class: 'rooms-grid plain', dataset: { testid: 'rooms' } });
    const el = h('div', { class: 'console', dataset: { testid: 'console' } }, head, tools, help,
      h('h2', { class: 'sr-only', id: 'rooms-title' }, t('console.rooms')), grid);
    replace($('#app'), el);
    cards.clear();
    return { el, head, tools, help, grid };
  }

  function renderHead() {
    const s = state.session;
    const rooms = state.list();
    let n = 0, total = 0;
    for (const r of rooms) {
      const ro = roster(s.groups?.find((x) => x.id === r.group), r);
      total += ro.length;
      n += ro.filter((p) => p.connected).length;
    }
    const alerting = state.alerting().length;
    const helpN = (s.help || []).length;
    replace(shell.head,
      h('div', { class: 'console-title' },
        h('p', { class: 'eyebrow' }, t('console.eyebrow'), ' \u00b7 ',
          h('span', { class: 'live', dataset: { state: conn.status, testid: 'console-live' } },
            t(conn.status === 'open' ? 'console.live_on' : 'console.conn.reconnecting_short'))),
        h('div', { class: 'console-title-row' },
          h('h1', { dataset: { testid: 'console-title' } }, s.name),
          h('span', { class: 'meeting-pill', dataset: { testid: 'console-meeting', meeting: String(s.meeting || 1) } },
            t('console.meeting', { n: s.meeting || 1 })),
          s.state === 'running' ? h('button', { type: 'button', class: 'btn btn-small', disabled: busy.has('meeting'),
            dataset: { focus: 'new-meeting', testid: 'new-meeting' }, onclick: newMeeting }, t('console.meeting.button')) : null)),
      h('ul', { class: 'console-stats plain', 'aria-label': t('console.stats') },
        h('li', {}, h('strong', {}, String(rooms.length)), ' ', t('console.stat.rooms', { n: rooms.length })),
        h('li', { dataset: { testid: 'console-connected' } }, h('strong', {}, `${n}/${total}`), ' ', t('console.stat.connected')),
        h('li', { class: alerting ? 'stat-alert' : '', dataset: { testid: 'console-alerts' } },
          h('strong', {}, String(alerting)), ' ', t('console.stat.alerts', { n: alerting })),
        h('li', { class: helpN ? 'stat-help' : '' }, h('strong', {}, String(helpN)), ' ', t('console.stat.help', { n: helpN }))));
    document.title = `${helpN + alerting ? `(${helpN + alerting}) ` : ''}${t('console.doc_title', { name: s.name })}`;
  }

  function renderTools() {
    if (!shell || !state.session) return;
    const s = state.session;
    const current = s.banner?.text || '';
    const bannerForm = h('form', { class: 'tool', onsubmit: (e) => {
      e.preventDefault();
      const text = banner.trim();
      if (text) broadcast(text).then((ok) => { if (ok) { banner = ''; renderTools(); } });
    } },
    h('label', { for: 'banner-text' }, t('console.banner.label')),
    h('div', { class: 'row' },
      h('input', { id: 'banner-text', type: 'text', maxlength: 500, value: banner, class: 'grow',
        placeholder: t('console.banner.placeholder'),
        dataset: { focus: 'banner-text', testid: 'banner-text' }, oninput: (e) => { banner = e.target.value; } }),
      h('button', { type: 'submit', class: 'btn btn-primary', disabled: busy.has('banner'),
        dataset: { focus: 'banner-send', testid: 'banner-send' } }, t('console.banner.send'))),
    current ? h('p', { class: 'tool-current', dataset: { testid: 'banner-current' } },
      h('span', { class: 'muted' }, t('console.banner.current', { time: clockTime(s.banner.at) })), ' ',
      h('q', {}, current), ' ',
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', disabled: busy.has('banner'),
        dataset: { focus: 'banner-clear', testid: 'banner-clear' }, onclick: () => broadcast('') }, t('console.banner.clear')))
      : h('p', { class: 'tool-current muted' }, t('console.banner.none')));

    const plenaryAt = s.plenary_at;
    const plenaryForm = h('form', { class: 'tool tool-plenary', onsubmit: (e) => {
      e.preventDefault();
      const n = Number.parseInt(plenaryMinutes, 10);
      if (n >= 1 && n <= 180) plenary(n);
    } },
    h('label', { for: 'plenary-min' }, t('console.plenary.label')),
    h('div', { class: 'row' },
      h('input', { id: 'plenary-min', type: 'number', min: 1, max: 180, step: 1, value: plenaryMinutes, class: 'num',
        dataset: { focus: 'plenary-min', testid: 'plenary-minutes' }, oninput: (e) => { plenaryMinutes = e.target.value; } }),
      h('span', { class: 'muted' }, t('console.plenary.unit')),
      h('button', { type: 'submit', class: 'btn', disabled: busy.has('plenary'),
        dataset: { focus: 'plenary-start', testid: 'plenary-start' } },
      plenaryAt ? t('console.plenary.restart') : t('console.plenary.start'))),
    plenaryAt ? h('p', { class: 'tool-current', dataset: { testid: 'plenary-current' } },
      h('span', { class: 'plenary-left', dataset: { plenaryAt: String(plenaryAt) } }), ' ',
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', disabled: busy.has('plenary'),
        dataset: { focus: 'plenary-cancel', testid: 'plenary-cancel' }, onclick: () => plenary(0) }, t('console.plenary.cancel')))
      : h('p', { class: 'tool-current muted' }, t('console.plenary.none')));
    replace(shell.tools, bannerForm, plenaryForm);
    tick();
  }

  function renderHelp() {
    const items = [...(state.session.help || [])].sort((a, b) => a.at - b.at);
    shell.help.hidden = !items.length;
    if (!items.length) { shell.help.replaceChildren(); return; }
    replace(shell.help,
      h('h2', { id: 'help-title' }, t('console.help.title', { n: items.length })),
      h('ul', { class: 'help-list plain' }, items.map((item) => {
        const room = state.rooms.get(item.group);
        const total = room?.n_steps;
        return h('li', { class: 'help-item', dataset: { testid: 'help-item', group: String(item.group), help: String(item.id) } },
          h('div', { class: 'help-main' },
            h('p', { class: 'help-who' },
              h('span', { class: 'help-icon', 'aria-hidden': 'true' }, '!'),
              h('strong', {}, t('console.help.group', { group: item.group })), ' \u00b7 ',
              item.person ? t('console.help.asks', { name: item.person }) : t('console.help.asks_anon'),
              item.message ? [t('console.help.colon'), h('q', { class: 'help-msg', dataset: { testid: 'help-message' } }, item.message)] : null),
            h('p', { class: 'help-ctx muted' },
              total ? t('console.step_n', { n: helpStepNumber(item), total }) : t('console.step_only', { n: helpStepNumber(item) }),
              ' \u00b7 ', stepLabel(item.step_kind, ''), ' \u00b7 ',
              t(item.remaining_ms < 0 ? 'console.help.over' : 'console.help.left',
                { time: mmss(Math.abs(displaySeconds(item.remaining_ms))) }),
              ' \u00b7 ', t('console.help.at', { time: clockTime(item.at) }))),
          h('div', { class: 'help-actions' },
            h('button', { type: 'button', class: 'btn btn-small', dataset: { focus: `show-${item.id}` },
              onclick: () => showRoom(item.group) }, t('console.help.show')),
            h('button', { type: 'button', class: 'btn btn-small btn-primary', disabled: busy.has(`help-${item.id}`),
              dataset: { focus: `resolve-${item.id}`, testid: 'help-resolve' }, onclick: () => resolve(item) },
            t('console.help.resolve'))));
      })));
  }

  function showRoom(group) {
    const c = cards.get(group);
    if (!c) return;
    c.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    c.el.classList.add('flash');
    setTimeout(() => c.el.classList.remove('flash'), 1600);
    c.el.focus({ preventScroll: true });
  }

  function dot(connected) {
    return h('span', { class: `dot ${connected ? 'on' : 'off'}`, 'aria-hidden': 'true' });
  }

  // Who holds the role in the room; before they join, who the plan names.
  function rolePerson(kind, p, plannedName) {
    const who = p && p.id ? p : plannedName ? { name: plannedName, connected: false, planned: true } : null;
    return h('div', { class: `role-line role-line-${kind}` },
      h('dt', {}, t(`role.${kind}`)),
      h('dd', { dataset: { testid: `room-${kind}` } },
        who ? [dot(who.connected), h('span', { class: who.connected ? '' : 'away' }, who.name),
          h('span', { class: 'sr-only' }, ` (${t(who.connected ? 'people.online' : who.planned ? 'console.not_joined' : 'people.away')})`)]
          : h('span', { class: 'muted' }, t('console.nobody'))));
  }

  function alertBadge(r, a) {
    const text = a === 'behind' ? t('console.alert.behind', { n: minutesBehind(r.behind_ms) }) : t(`console.alert.${a}`);
    return h('span', { class: `alert-badge alert-${a}`, dataset: { testid: 'room-alert', alert: a } },
      h('span', { 'aria-hidden': 'true', class: 'alert-icon' }, '\u25B2'), text);
  }

  // The group's members (from the session) with their presence in the
  // room (room participants are numbered per room: matched by name), then
  // anyone else connected there (e.g. an observer with a room link).
  function roster(g, r) {
    const inRoom = r.people || [];
    if (!g) return inRoom;
    const here = new Map();
    for (const p of inRoom) here.set(p.name, here.get(p.name) || p.connected);
    const names = new Set();
    const out = g.members.map((pid) => {
      const name = personName(state.session, pid);
      names.add(name);
      return { name, connected: !!here.get(name) };
    });
    for (const p of inRoom) if (p.connected && !names.has(p.name)) out.push({ name: p.name, connected: true });
    return out;
  }

  function ensureCard(group) {
    let c = cards.get(group);
    if (c) return c;
    const body = h('div', { class: 'rcard-body' });
    const el = h('li', { class: 'rcard', tabindex: '-1', 'aria-labelledby': `rcard-${group}-title`,
      dataset: { testid: 'room-card', group: String(group) } }, body);
    c = { el, body, timer: null };
    cards.set(group, c);
    return c;
  }

  function renderCard(group) {
    const r = state.rooms.get(group);
    if (!r) return;
    const c = ensureCard(group);
    const s = state.session;
    const alerts = r.alerts || [];
    const helpHere = (s.help || []).filter((x) => x.group === group);
    c.el.dataset.alert = alerts.length || helpHere.length ? 'yes' : 'no';
    c.el.dataset.room = r.room || '';
    const g = s.groups?.find((x) => x.id === group);
    const people = roster(g, r);
    const connected = people.filter((p) => p.connected);
    const nSteps = r.n_steps || 0;
    const stepN = summaryStepNumber(r);
    const timer = h('div', { class: 'rcard-timer', role: 'timer', 'aria-live': 'off', dataset: { testid: 'room-timer' } },
      h('span', { class: 'rcard-timer-value' }), h('span', { class: 'rcard-timer-status' }));
    c.timer = timer;
    const md = moveDrafts.get(group) || {};
    const ld = linkDrafts.get(group) || {};
    const planned = g?.plan?.[(r.workshop || 1) - 1];
    const members = (g?.members || people.map((p) => p.id));
    const otherGroups = (s.groups || []).filter((x) => x.id !== group);
    const last = r.workshop >= r.workshops;
    replace(c.body,
      h('header', { class: 'rcard-head' },
        h('h2', { id: `rcard-${group}-title`, class: 'rcard-title' }, t('console.group', { group })),
        h('span', { class: 'rcard-ws' },
          r.meeting > 1 ? [h('span', { dataset: { testid: 'room-meeting' } }, t('console.meeting_n', { n: r.meeting })), ' \u00b7 '] : null,
          h('span', { dataset: { testid: 'room-workshop' } }, t('console.workshop_n', { n: r.workshop, total: r.workshops })))),
      alerts.length || helpHere.length ? h('div', { class: 'rcard-alerts', dataset: { testid: 'room-alerts' } },
        helpHere.length ? h('span', { class: 'alert-badge alert-help', title: t('console.alert.help') },
          h('span', { 'aria-hidden': 'true', class: 'alert-icon' }, '!'),
          h('span', { 'aria-hidden': 'true' }, t('console.alert.help_short')), h('span', { class: 'sr-only' }, t('console.alert.help'))) : null,
        alerts.map((a) => alertBadge(r, a))) : null,
      h('div', { class: 'rcard-step' },
        h('div', { class: 'rcard-stepline' },
          h('p', { class: 'rcard-stepnum', dataset: { testid: 'room-stepnum' } },
            nSteps ? t('console.step_n', { n: stepN, total: nSteps }) : t('console.step_only', { n: stepN })),
          nSteps ? h('ol', { class: 'mini-steps', 'aria-hidden': 'true' }, Array.from({ length: nSteps }, (_, i) =>
            h('li', { class: i + 1 < stepN ? 'done' : i + 1 === stepN ? 'current' : '' }))) : null),
        h('p', { class: 'rcard-steptitle', dataset: { testid: 'room-step', kind: r.step_kind || '' } },
          stepLabel(r.step_kind, r.step_title))),
      timer,
      h('dl', { class: 'rcard-roles' },
        rolePerson('client', r.client, planned && personName(s, planned.client, '')),
        rolePerson('facilitator', r.facilitator, planned && personName(s, planned.facilitator, ''))),
      h('div', { class: 'rcard-people' },
        h('p', { class: 'rcard-count', dataset: { testid: 'room-connected', n: String(connected.length), total: String(people.length) } },
          h('strong', {}, `${connected.length}/${people.length}`), ' ', t('console.connected')),
        h('ul', { class: 'names plain', 'aria-label': t('console.people') }, people.map((p) =>
          h('li', { class: p.connected ? 'on' : 'off', dataset: { testid: 'room-person' } }, dot(p.connected), p.name,
            h('span', { class: 'sr-only' }, ` (${t(p.connected ? 'people.online' : 'people.away')})`))))),
      h('footer', { class: 'rcard-actions' },
        h('details', { class: 'move', open: md.open || null, ontoggle: (e) => {
          moveDrafts.set(group, { ...(moveDrafts.get(group) || {}), open: e.target.open });
        } },
        h('summary', { dataset: { testid: 'move-open' } }, t('console.move.title')),
        h('div', { class: 'move-body' },
          h('label', { for: `mv-p-${group}` }, t('console.move.who')),
          h('select', { id: `mv-p-${group}`, dataset: { focus: `mv-p-${group}`, testid: 'move-person' },
            onchange: (e) => moveDrafts.set(group, { ...(moveDrafts.get(group) || {}), person: Number(e.target.value) }) },
          h('option', { value: '' }, t('console.move.choose')),
          members.map((id) => h('option', { value: String(id), selected: md.person === id }, personName(s, id)))),
          h('label', { for: `mv-g-${group}` }, t('console.move.to')),
          h('select', { id: `mv-g-${group}`, dataset: { focus: `mv-g-${group}`, testid: 'move-group' },
            onchange: (e) => moveDrafts.set(group, { ...(moveDrafts.get(group) || {}), to: Number(e.target.value) }) },
          h('option', { value: '' }, t('console.move.choose')),
          otherGroups.map((x) => h('option', { value: String(x.id), selected: md.to === x.id }, t('console.group', { group: x.id })))),
          h('button', { type: 'button', class: 'btn btn-small', disabled: busy.has(`move-${group}`),
            dataset: { focus: `mv-go-${group}`, testid: 'move-go' }, onclick: () => move(group) }, t('console.move.go')))),
        linkTool(group, ld, members),
        h('button', { type: 'button', class: 'btn btn-small', disabled: last || busy.has(`next-${group}`),
          title: last ? t('console.next.last') : null,
          dataset: { focus: `next-${group}`, testid: 'room-next' }, onclick: () => nextWorkshop(r) },
        last ? t('console.next.last') : t('console.next.button'))));
    tickCard(group);
  }

  // A person's personal link: a new one replaces it (the old one stops
  // working at once); the new one is shown to copy.
  function linkTool(group, ld, members) {
    const s = state.session;
    const shown = ld.link && ld.linkPerson === ld.person ? ld.link : null;
    const name = personName(s, ld.person, '');
    let copy = null;
    if (shown) {
      copy = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('sessions.links.copy_for', { name }),
        dataset: { focus: `lk-copy-${group}`, testid: 'link-copy' } }, t('organizer.copy'));
      copy.addEventListener('click', () => copyText(shown, copy));
    }
    return h('details', { class: 'move relink', open: ld.open || null, ontoggle: (e) => {
      linkDrafts.set(group, { ...(linkDrafts.get(group) || {}), open: e.target.open });
    } },
    h('summary', { dataset: { testid: 'link-open' } }, t('console.link.title')),
    h('div', { class: 'move-body' },
      h('label', { for: `lk-p-${group}` }, t('console.link.who')),
      h('select', { id: `lk-p-${group}`, dataset: { focus: `lk-p-${group}`, testid: 'link-person' },
        onchange: (e) => { linkDrafts.set(group, { ...(linkDrafts.get(group) || {}), person: Number(e.target.value) }); renderCard(group); } },
      h('option', { value: '' }, t('console.move.choose')),
      members.map((id) => h('option', { value: String(id), selected: ld.person === id }, personName(s, id)))),
      h('button', { type: 'button', class: 'btn btn-small', disabled: !ld.person || busy.has(`link-${group}`),
        'aria-label': ld.person ? t('links.renew_for', { name }) : null,
        dataset: { focus: `lk-go-${group}`, testid: 'link-renew' }, onclick: () => newLink(group) }, t('links.renew')),
      shown ? h('div', { class: 'relink-result', dataset: { testid: 'link-result' } },
        h('label', { class: 'sr-only', for: `lk-url-${group}` }, t('console.link.url', { name })),
        h('div', { class: 'row' },
          h('input', { id: `lk-url-${group}`, type: 'text', readonly: true, value: shown, class: 'mono grow',
            'aria-describedby': `lk-note-${group}`, dataset: { testid: 'link-url' } }),
          copy),
        h('p', { class: 'link-note', id: `lk-note-${group}` }, t('links.renewed', { name }))) : null));
  }

  function renderGrid() {
    const order = state.list().map((r) => r.group);
    if (!order.length) {
      cards.clear();
      replace(shell.grid, h('li', { class: 'card empty-rooms', dataset: { testid: 'no-rooms' } },
        h('p', { class: 'muted' }, t(state.session.state === 'draft' ? 'console.draft' : 'console.no_rooms'))));
      return;
    }
    if (!cards.size) shell.grid.replaceChildren();
    for (const g of [...cards.keys()]) if (!state.rooms.has(g)) { cards.get(g).el.remove(); cards.delete(g); }
    for (const g of order) renderCard(g);
    const want = order.map((g) => cards.get(g).el);
    if (want.some((el, i) => shell.grid.children[i] !== el) || shell.grid.children.length !== want.length) {
      shell.grid.replaceChildren(...want);
    }
  }

  let draftsMeeting = 0;
  function renderAll() {
    if (!state.session) return;
    // A new meeting may have new groups: half-made choices go.
    if (state.session.meeting !== draftsMeeting) {
      draftsMeeting = state.session.meeting;
      moveDrafts.clear();
      linkDrafts.clear();
    }
    if (!shell) shell = build();
    renderHead();
    renderTools();
    renderHelp();
    renderGrid();
  }

  // --- the countdowns (from the hub's deadline; text changes only) ---
  function tickCard(group) {
    const c = cards.get(group);
    const r = state.rooms.get(group);
    if (!c?.timer || !r?.timer) return;
    const live = conn.status === 'open';
    const ms = state.remaining(group, { hubNow: hubNow() });
    const s = displaySeconds(ms);
    const st = r.timer.status;
    let cls, status;
    if (!live) { cls = 'stale'; status = t('timer.stale'); } else if (st === 'idle') { cls = 'idle'; status = t('timer.idle'); } else if (s < 0 || (s === 0 && st === 'running')) { cls = 'over'; status = t('timer.over'); } else if (st === 'paused') { cls = 'paused'; status = t('timer.paused'); } else { cls = s <= 120 ? 'warn' : 'ok'; status = t('timer.running'); }
    const text = live ? mmss(s) : '\u2013\u2013:\u2013\u2013';
    const value = c.timer.firstChild;
    if (value.textContent !== text) {
      value.textContent = text;
      c.timer.dataset.seconds = live ? String(s) : '';
      c.timer.setAttribute('aria-label', `${status} ${text}`);
    }
    if (c.timer.lastChild.textContent !== status) c.timer.lastChild.textContent = status;
    if (c.timer.dataset.state !== cls) c.timer.dataset.state = cls;
  }

  function tick() {
    for (const g of cards.keys()) tickCard(g);
    const left = shell?.tools.querySelector('.plenary-left');
    if (left) {
      const at = Number(left.dataset.plenaryAt);
      const now = clock.isKnown() ? clock.now() : Date.now();
      const s = Math.max(0, Math.ceil((at - now) / 1000));
      const text = s > 0 ? t('console.plenary.left', { time: mmss(s) }) : t('console.plenary.now');
      if (left.textContent !== text) left.textContent = text;
    }
  }
  setInterval(tick, TICK_MS);

  // --- the connection ---
  function setConn(status) {
    const pill = $('#conn');
    pill.hidden = status === 'open';
    pill.dataset.state = status;
    pill.textContent = t(`console.conn.${status}`);
    document.documentElement.dataset.conn = status;
    if (status === 'unauthorized') { shell = null; page('console.unauthorized_title', 'console.unauthorized'); }
    if (status === 'not_found') { shell = null; page('console.not_found_title', 'console.not_found'); }
    if (shell && state.session) renderHead();
    tick();
  }

  function alertText(group, a, r) {
    return a === 'behind' ? t('console.live.behind', { group, n: minutesBehind(r.behind_ms) })
      : t(`console.live.${a}`, { group });
  }

  conn.addEventListener('status', (e) => setConn(e.detail));
  conn.addEventListener('snapshot', (e) => {
    state.snapshot(e.detail);
    // Requests already open when the console (re)opens are shown, not read out.
    for (const item of e.detail.session.help || []) heard.add(item.id);
    if (!$('[data-testid="console"]')) shell = null;
    renderAll();
    const alerting = state.alerting();
    if (alerting.length) announce(t('console.live.summary', { n: alerting.length }));
  });
  conn.addEventListener('room', (e) => {
    const { raised } = state.room(e.detail);
    const r = state.rooms.get(e.detail.group);
    if (!shell) return;
    if (!cards.has(r.group)) renderGrid(); else renderCard(r.group);
    renderHead();
    for (const a of raised) announce(alertText(r.group, a, r));
  });
  // A help request is announced once, whether console.help or the
  // session document (its help list) brings it first.
  function announceHelp(item) {
    if (heard.has(item.id)) return;
    heard.add(item.id);
    announce(item.message ? t('console.live.help_msg', { group: item.group, name: item.person || '', message: item.message })
      : t('console.live.help', { group: item.group, name: item.person || '' }), { urgent: true });
  }
  conn.addEventListener('session', (e) => {
    state.setSession(e.detail);
    renderAll();
    for (const item of e.detail.help || []) announceHelp(item);
  });
  conn.addEventListener('help', (e) => {
    const item = e.detail;
    if (state.help(item)) {
      renderHelp();
      renderHead();
      renderCard(item.group);
    }
    announceHelp(item);
  });
  onLang(() => { if (shell) { shell = null; renderAll(); } setConn(conn.status); });
  page('console.connecting_title', 'console.connecting');
  conn.open();
}
