// The room: joins (or resumes) with the link's token, then renders the hub's
// state. The page holds no truth of its own: every change comes back as an
// event and re-renders the parts that depend on it.
import { h, $, replace } from '../dom.js';
import { t, onLang } from '../i18n.js';
import { RoomState } from '../state.js';
import { Connection } from '../net.js';
import { can, check, reason, effectiveRole } from '../perm.js';
import { announce, notice, confirmDialog } from '../ui.js';
import * as chime from '../chime.js';
import { mountJoin } from './join.js';
import { createStage, stepName } from './stage.js';
import { createPeople, createSpeaking, badge } from './people.js';
import { createFacilitator } from './facilitator.js';
import { createSheet, createContract } from './sheet.js';
import { createQuestions, createSuggestions, createLearnings } from './items.js';
import { createPlan, createNotes, createRecord } from './plan.js';
import { format } from './timer.js';
import { createSessionBar } from './session-bar.js';
import { createSafety, closingScreen } from './safety.js';
import { createObserving } from './observing.js';
import { linkScope } from '../linkscope.js';
import { createTabs, PHONE } from './tabs.js';

function page(titleKey, textKey, action, vars = {}) {
  replace($('#app'), h('section', { class: 'card narrow message', dataset: { testid: 'message' } },
    h('h1', {}, t(titleKey)), h('p', {}, t(textKey, vars)), action || null));
}

// This browser's key to its seat in a room (random, kept next to the
// link's room): reopening the link, or a second tab, comes back to the
// same participant instead of adding a second one.
function seatKey(roomId) {
  const key = `codev.seat:${roomId}`;
  let seat = localStorage.getItem(key);
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(seat || '')) {
    const raw = crypto.getRandomValues(new Uint8Array(18));
    seat = btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    localStorage.setItem(key, seat);
  }
  return seat;
}

// A refused hello, in words (never a stuck "Joining the room…").
const REFUSED = { locked: 'room.locked', room_full: 'room.full', ended: 'room.ended', removed: 'room.removed' };

// roomId: the room of a room link, or null for a personal link (/j): the
// hub names the person and finds their group's current room.
export function mountRoom(roomId, token) {
  if (!token) { page('room.no_token_title', 'room.no_token'); return; }
  const personal = roomId === null;
  const scope = personal ? 'participant' : linkScope(token);
  const key = `codev.id:${personal ? 'j' : roomId}:${token.slice(-16)}`;
  const stored = JSON.parse(localStorage.getItem(key) || '{}');
  const save = () => localStorage.setItem(key, JSON.stringify(stored));
  // An organizer link in a room's address: the organizer looks in.
  stored.organizer = scope === 'organizer';
  if (stored.accepted && (personal || stored.name)) { connect(roomId, token, stored, save); return; }
  const mode = stored.organizer ? 'organizer' : scope === 'facilitator' ? 'facilitator' : 'member';
  mountJoin({ mode, name: stored.name || '', askName: !personal }, (chosen, { observe }) => {
    Object.assign(stored, personal ? { accepted: true } : { name: chosen, accepted: true, observe });
    save();
    connect(roomId, token, stored, save);
  });
}

function connect(roomId, token, stored, save) {
  const state = new RoomState();
  // The organizer's seat key is kept apart: looking in must never take
  // the seat this browser has in the room as a member.
  const identity = { token, name: roomId === null ? undefined : stored.name, resume: stored.resume || null,
    seat: roomId === null ? undefined : seatKey(stored.organizer ? `org:${roomId}` : roomId),
    room: stored.organizer ? roomId : undefined, observe: Boolean(stored.observe || stored.organizer) };
  const conn = new Connection(identity, state);
  const drafts = new Map();
  const savedMarks = new Set();
  // Any edit in a form clears its "Saved ✓".
  document.addEventListener('input', (e) => {
    const mark = e.target.closest?.('form')?.querySelector('.saved[data-saved-for]');
    if (mark && savedMarks.delete(mark.dataset.savedFor)) mark.textContent = '';
  });
  let parts = null;
  page('room.connecting_title', 'room.connecting');

  const ctx = {
    conn, state, drafts,
    room: () => state.room,
    you: () => state.you,
    role: () => effectiveRole(state.room, state.you),
    isFacilitator: () => effectiveRole(state.room, state.you) === 'facilitator',
    can: (cmd) => can(state.room, state.you, cmd),
    why: (cmd) => reason(state.room, check(state.room, state.you, cmd), t),
    // "Saved ✓" stays until the next edit of that form: the mark lives in
    // `savedMarks` (by form key), which re-renders read (forms.js
    // savedMark), so the redraw that follows the ack no longer wipes it.
    savedMarks,
    saved(form) {
      const s = form?.querySelector('.saved') || document.querySelector('.saved');
      const key = s?.dataset.savedFor;
      if (key) savedMarks.add(key);
      const live = key ? document.querySelector(`.saved[data-saved-for="${CSS.escape(key)}"]`) : s;
      if (live) live.textContent = t('form.saved');
    },
    // Sends a command; true when acknowledged. Errors are shown in words,
    // and confirm_required asks the user before sending again.
    async send(type, fields = {}) {
      let r = await conn.request(type, fields);
      if (r.type === 'error' && r.code === 'confirm_required') {
        const target = state.room.steps[state.room.step + (type === 'step.goto' ? 0 : 1)];
        const kind = target?.kind || 'consultation';
        const yes = await confirmDialog({ title: t(`confirm.${kind}.title`), text: t(`confirm.${kind}.text`), ok: t('confirm.ok') });
        if (!yes) return false;
        r = await conn.request(type, { ...fields, confirm: true });
      }
      if (r.type === 'error') {
        const known = ['forbidden', 'wrong_step', 'conflict', 'limit', 'disconnected', 'bad_field', 'not_found', 'storage',
        'ended'];
        notice(t(`err.${known.includes(r.code) ? r.code : 'other'}`, { code: r.code }), { kind: 'error' });
        return false;
      }
      return true;
    },
  };

  const sbar = createSessionBar(ctx);

  function build() {
    const p = {
      stage: createStage(ctx), fac: createFacilitator(ctx), speaking: createSpeaking(ctx), people: createPeople(ctx),
      safety: createSafety(ctx), observing: createObserving(ctx),
      cards: [createSheet(ctx), createQuestions(ctx), createContract(ctx), createSuggestions(ctx),
        createPlan(ctx), createLearnings(ctx), createNotes(ctx), createRecord(ctx)],
    };
    p.me = h('p', { class: 'me', dataset: { testid: 'me' } });
    p.material = h('div', { class: 'material-col' }, p.cards.map((c) => c.el));
    p.side = h('div', { class: 'side-col' }, p.fac.el, p.safety.el, p.speaking.el, p.people.el);
    p.grid = h('div', { class: 'room-grid' }, p.me, p.side, p.material);
    p.root = h('div', { class: 'room', dataset: { testid: 'room' } }, sbar.el, p.stage.el, p.observing.el, p.grid);
    replace($('#app'), p.root);
    // On a phone the same parts go into tabs (tabs.js); the desktop grid
    // above is what every wider screen shows.
    p.tabs = createTabs(ctx, p);
    return p;
  }

  let orderedFor = -1;
  function render() {
    if (!state.room) return;
    if (state.room.ended) { // the closing screen, for good
      if (!$('[data-testid="closing"]')) replace($('#app'), closingScreen(ctx));
      parts = null;
      document.title = `${t('closing.title')} · codevhub`;
      return;
    }
    if (!parts) parts = build();
    const room = state.room;
    const me = state.room.participants.find((x) => x.id === state.you.participant);
    parts.me.replaceChildren(t('room.you_are'), ' ', h('strong', {}, me?.name || ''), ' ', badge(ctx.role()),
      h('span', { class: 'muted' }, ` ${t(`role.${ctx.role()}.about`)}`));
    parts.stage.update();
    parts.fac.update();
    parts.speaking.update();
    parts.people.update();
    parts.safety.update();
    parts.observing.update();
    const kind = room.steps[room.step].kind;
    for (const c of parts.cards) { c.update(); c.el.classList.toggle('current', c.kinds.includes(kind)); }
    if (parts.tabs.update()) orderedFor = -1; // back from the phone's tabs
    // The card of the current step comes first (moved only on step change).
    if (!parts.tabs.phone() && orderedFor !== room.step) {
      orderedFor = room.step;
      const current = parts.cards.find((c) => c.kinds.includes(kind));
      if (current && parts.material.firstChild !== current.el && !current.el.contains(document.activeElement)) {
        parts.material.prepend(current.el);
        for (const c of parts.cards) if (c !== current) parts.material.append(c.el);
      }
    }
    document.title = `${stepName(kind)} · codevhub`;
  }

  function setConn(status) {
    const pill = $('#conn');
    pill.hidden = status === 'open';
    pill.dataset.state = status;
    pill.textContent = t(`conn.${status}`);
    document.documentElement.dataset.conn = status;
    const useHere = (label, testid) => h('button', { type: 'button', class: 'btn btn-primary', dataset: { testid },
      onclick: () => { parts = null; orderedFor = -1; conn.setStatus('connecting'); page('room.connecting_title', 'room.connecting'); conn.open(); } },
    t(label));
    if (status === 'replaced') {
      page('room.replaced_title', 'room.replaced', useHere('room.use_here', 'use-here'));
    } else if (status === 'merged') {
      parts = null;
      page('room.merged_title', 'room.merged', useHere('room.merged_continue', 'merged-continue'));
    } else if (status === 'unauthorized') {
      delete stored.resume;
      save();
      page('room.unauthorized_title', 'room.unauthorized');
    } else if (status === 'removed') {
      delete stored.resume;
      save();
      parts = null;
      page('room.removed_title', 'room.removed');
    }
    if (parts) parts.stage.update();
  }

  // Crossing 640 px (a phone turned, a window resized) lays the room out again.
  matchMedia(PHONE).addEventListener('change', () => render());
  ctx.reveal = (el) => parts?.tabs.reveal(el) || false;

  conn.addEventListener('status', (e) => setConn(e.detail));
  conn.addEventListener('welcome', (e) => {
    stored.resume = identity.resume;
    save();
    if (!$('[data-testid="room"]')) parts = null;
    if (e.detail.room || e.detail.session) sbar.welcome(e.detail);
    render();
  });
  conn.addEventListener('session', (e) => sbar.message(e.detail));
  // Moved to another room (by the organizer, or the group's next
  // workshop): the same link leads there at once.
  conn.addEventListener('moved', () => {
    delete stored.resume;
    save();
    drafts.clear();
    orderedFor = -1;
    parts?.tabs.again();
    announce(t('session.moving'));
  });
  conn.addEventListener('refused', (e) => {
    const err = e.detail;
    if (err.code === 'bad_field' && err.field === 'name') {
      delete stored.accepted;
      save();
      mountRoom(roomId, token);
    } else if (REFUSED[err.code]) {
      parts = null;
      page(`${REFUSED[err.code]}_title`, REFUSED[err.code], err.code === 'removed' ? null
        : h('button', { type: 'button', class: 'btn btn-primary', dataset: { testid: 'try-again' },
          onclick: () => location.reload() }, t('room.try_again')));
    } else if (err.code === 'not_found') { // a session not started yet: the hub closes 4004, we retry
      notice(t('err.other', { code: err.code }), { kind: 'error' });
    } else if (err.code !== 'unauthorized') {
      parts = null;
      page('room.refused_title', 'room.refused', null, { code: err.code });
    }
  });
  let handsSeen = 0; // events arrive applied: compare with the last count
  conn.addEventListener('event', (e) => {
    render();
    announceEvent(e.detail);
    const n = state.room.hands.length;
    if (e.detail.type === 'hands.changed' && n > handsSeen && ctx.isFacilitator()) chime.hand();
    handsSeen = n;
  });
  onLang(() => { render(); setConn(conn.status); });

  function announceEvent(ev) {
    const room = state.room;
    const me = state.you.participant;
    if (ev.type === 'step.changed') {
      const kind = room.steps[room.step].kind;
      announce(t('live.step', { n: room.step + 1, total: room.steps.length, step: stepName(kind), rule: t(`step.${kind}.rule`) }));
    } else if (ev.type === 'timer.warning') {
      parts?.stage.timer.warned(ev.remaining_s);
      announce(t('live.left', { time: format(ev.remaining_s) }), { urgent: true });
      chime.play(1);
    } else if (ev.type === 'timer.expired') {
      announce(t('live.expired'), { urgent: true });
      chime.play(2);
    } else if (ev.type === 'timer.changed' && ['started', 'paused', 'resumed', 'extended', 'reset'].includes(ev.reason)) {
      announce(t(`live.timer.${ev.reason}`));
    } else if (ev.type === 'floor.given' && ev.floor === me) {
      announce(t('live.your_floor'), { urgent: true });
    } else if (ev.type === 'room.locked') {
      announce(t(ev.locked ? 'live.locked' : 'live.unlocked'));
    } else if (ev.type === 'role.assigned' && ev.participant === me) {
      announce(t('live.your_role', { role: t(`role.${ctx.role()}`) }));
    }
  }

  const chimeBtn = $('#chime');
  const chimeLabel = () => {
    chimeBtn.textContent = t(chime.enabled() ? 'chime.on' : 'chime.off');
    chimeBtn.setAttribute('aria-pressed', String(chime.enabled()));
  };
  chimeBtn.hidden = false;
  chimeBtn.addEventListener('click', () => { chime.setEnabled(!chime.enabled()); chimeLabel(); });
  onLang(chimeLabel);
  chimeLabel();
  conn.open();
}
