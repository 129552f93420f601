// The facilitator's panel, most urgent first: the raised hands (with an
// optional sound), the shared timer, the floor and the round, then moving
// between steps (set apart, with a confirmation before leaving a running
// timer, an open round or a workshop without its client, and an undo),
// and roles.
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { notice, confirmDialog } from '../ui.js';
import * as chime from '../chime.js';
import { stepName } from './stage.js';
import { personName } from './people.js';
import { remainingMs, displaySeconds, format } from './timer.js';

const ROLES = ['facilitator', 'client', 'consultant', 'scribe', 'observer'];

// `focus` keeps keyboard focus across re-renders: a toggle (Start → Pause)
// shares one focus key so that Enter, Enter works without moving.
function btn(label, id, onclick, extra = {}) {
  const focus = extra.focus || id;
  return h('button', { type: 'button', class: `btn ${extra.cls || ''}`, dataset: { focus, testid: `f-${id}` },
    onclick, disabled: extra.disabled, 'aria-label': extra.aria, title: extra.title }, label);
}


// Why moving on now deserves a second thought, in words (none: move).
// The hub's own confirmations (no contract, no plan) are asked here too,
// so the facilitator answers one dialog, not two.
export function leaveReasons(room) {
  const out = [];
  const target = room.steps[room.step + 1];
  if (room.timer.status === 'running') {
    out.push(t('fac.leave.running', { time: format(displaySeconds(remainingMs(room.timer))) }));
  }
  if (room.round.active && room.round.order.some((o) => !o.spoke)) out.push(t('fac.leave.round'));
  const client = room.participants.find((p) => p.role === 'client');
  if (!client) out.push(t('fac.leave.no_client'));
  else if (!client.connected) out.push(t('fac.leave.client_away', { name: client.name }));
  if (target?.kind === 'consultation' && !room.contract) out.push(t('confirm.consultation.text'));
  if (target?.kind === 'learnings' && !room.plan.length) out.push(t('confirm.learnings.text'));
  return out;
}

function handsQueue(ctx, room) {
  if (!room.hands.length) return null;
  return h('div', { class: 'fqueue' },
    h('h3', {}, t('fac.hands', { n: room.hands.length })),
    h('ol', { class: 'queue', dataset: { testid: 'f-queue' } }, room.hands.map((id) => h('li', {},
      h('span', { class: 'person-name' }, personName(room, id)),
      h('span', { class: 'row' },
        h('button', { type: 'button', class: 'btn btn-small btn-primary', dataset: { focus: `fq-give-${id}`, testid: 'f-queue-give' },
          onclick: () => ctx.send('floor.give', { participant: id }) }, t('speaking.give')),
        h('button', { type: 'button', class: 'btn btn-small btn-ghost', dataset: { focus: `fq-lower-${id}` },
          'aria-label': t('speaking.lower_for', { name: personName(room, id) }),
          onclick: () => ctx.send('hand.lower', { participant: id }) }, t('speaking.lower_other')))))));
}

function soundToggle(onchange) {
  return h('label', { class: 'check-inline' },
    h('input', { type: 'checkbox', checked: chime.handsEnabled(), dataset: { focus: 'hand-sound', testid: 'f-hand-sound' },
      onchange: (e) => { chime.setHandsEnabled(e.target.checked); onchange(); } }),
    ` ${t('fac.hand_sound')}`);
}

function nextSpeaker(room) {
  const o = room.round.order.find((x) => !x.spoke);
  return o ? t('fac.round_next_name', { name: personName(room, o.participant) }) : t('fac.round_end');
}

function timerButtons(ctx, timer) {
  return h('div', { class: 'row wrap' },
    timer.status === 'idle' ? btn(t('fac.start'), 'start', () => ctx.send('timer.start'), { cls: 'btn-primary', focus: 'toggle' })
      : timer.status === 'running' ? btn(t('fac.pause'), 'pause', () => ctx.send('timer.pause'), { focus: 'toggle' })
        : btn(t('fac.resume'), 'resume', () => ctx.send('timer.resume'), { cls: 'btn-primary', focus: 'toggle' }),
    btn(t('fac.plus1'), 'plus1', () => ctx.send('timer.extend', { minutes: 1 }), { title: t('fac.plus1_long') }),
    btn(t('fac.plus5'), 'plus5', () => ctx.send('timer.extend', { minutes: 5 }), { title: t('fac.plus5_long') }),
    btn(t('fac.reset'), 'reset', () => ctx.send('timer.reset'), { cls: 'btn-ghost' }));
}

// Set apart at the bottom, outlined, numbered: never mistaken for "Next
// speaker" (a filled button up in the round row).
function stepButtons(ctx, room, next) {
  const last = room.steps.length - 1;
  return h('div', { class: 'row wrap step-nav' },
    btn(t('fac.prev'), 'prev', () => ctx.send('step.prev'), { disabled: room.step === 0, cls: 'btn-ghost' }),
    btn(room.step < last ? t('fac.next', { n: room.step + 2, step: stepName(room.steps[room.step + 1].kind) }) : t('fac.last'),
      'next', next, { disabled: room.step >= last, cls: 'btn-step' }));
}

// One row per person: a role select and its Set button (drafts kept
// across re-renders until applied).
function roleList(room, roleDrafts, assign) {
  return h('ul', { class: 'plain roles' }, room.participants.map((p) => {
    // The organizer looks in; nobody gives them a role (the hub refuses).
    if (p.organizer) {
      return h('li', { class: 'role-row', dataset: { testid: 'role-fixed', pid: String(p.id) } },
        h('span', {}, p.name), h('span', { class: 'muted' }, t('fac.role_organizer')));
    }
    const id = `role-${p.id}`;
    const draft = roleDrafts.get(p.id) || p.role;
    const sel = h('select', { id, dataset: { focus: `role-${p.id}`, testid: 'role-select', pid: String(p.id) },
      onchange: (e) => { roleDrafts.set(p.id, e.target.value); apply.disabled = e.target.value === p.role; } },
    ROLES.map((r) => h('option', { value: r, selected: r === draft }, t(`role.${r}`))));
    const apply = btn(t('fac.apply'), `apply-${p.id}`, () => assign(p, sel.value),
      { disabled: draft === p.role, cls: 'btn-small', aria: t('fac.apply_for', { name: p.name }) });
    apply.dataset.testid = 'role-apply';
    return h('li', { class: 'role-row' }, h('label', { for: id }, p.name), h('span', { class: 'row' }, sel, apply));
  }));
}

export function createFacilitator(ctx) {
  // Three parts in this order: the controls down to the step buttons, the
  // Undo notice's own box, the roles. The box is never re-rendered, so
  // the notice it holds stays the next Tab stop after "Next step".
  const body = h('div', { class: 'fpanel-body' });
  const undoBox = h('div', { class: 'notice notice-inline', role: 'status', dataset: { testid: 'step-notice' }, hidden: true });
  const rolesBody = h('div', { class: 'fpanel-roles' });
  const el = h('section', { class: 'card fpanel', 'aria-labelledby': 'fpanel-title', dataset: { testid: 'fpanel' } },
    h('h2', { id: 'fpanel-title' }, t('fac.title')), body, undoBox, rolesBody);
  const roleDrafts = new Map();
  let backupDraft = null; // the backup chosen in the select, until Set
  let rolesOpen = null; // the roles list as the user left it (null: by size)

  async function next() {
    const room = ctx.room();
    const from = room.step;
    const reasons = leaveReasons(room);
    if (reasons.length) {
      const yes = await confirmDialog({ title: t('fac.leave.title', { step: stepName(room.steps[from + 1].kind) }),
        text: reasons, ok: t('confirm.ok'), testid: 'confirm-next' });
      // Keyboard users carry on from the button (the panel was redrawn).
      el.querySelector('[data-focus="next"]')?.focus();
      if (!yes || ctx.room().step !== from) return;
    }
    const ok = await ctx.send('step.next', reasons.length ? { confirm: true } : {});
    // The ack comes before the step.changed event: name the target step.
    if (ok) {
      notice(t('fac.moved', { step: stepName(room.steps[from + 1].kind) }), { place: undoBox,
        ms: 15000, action: { label: t('fac.undo'), run: () => ctx.send('step.prev') } });
    }
  }

  async function assign(p, role) {
    if (role === 'facilitator') {
      const yes = await confirmDialog({ title: t('fac.handover.title'), text: t('fac.handover.text', { name: p.name }),
        ok: t('fac.handover.ok') });
      if (!yes) return;
    }
    if (await ctx.send('role.assign', { participant: p.id, role })) roleDrafts.delete(p.id);
  }

  const render = memo(body, (room) => {
    const timerRow = timerButtons(ctx, room.timer);
    const stepRow = stepButtons(ctx, room, next);

    const speakers = room.participants.filter((p) => p.role !== 'observer');
    const suggested = room.hands[0] || speakers.find((p) => p.role !== 'facilitator' && p.id !== room.floor)?.id;
    const floorSel = h('select', { id: 'f-floor', dataset: { focus: 'floor-select', testid: 'f-floor-select' } },
      speakers.map((p) => h('option', { value: String(p.id), selected: p.id === suggested }, p.name)));
    const floorRow = h('div', { class: 'row wrap' },
      h('label', { for: 'f-floor', class: 'sr-only' }, t('fac.floor_to')), floorSel,
      btn(t('fac.give'), 'give', () => ctx.send('floor.give', { participant: Number(floorSel.value) })),
      room.floor ? btn(t('fac.take_back'), 'take', () => ctx.send('floor.give', { participant: 0 }), { cls: 'btn-ghost' }) : null);
    const roundRow = h('div', { class: 'row wrap' },
      room.round.active ? btn(nextSpeaker(room), 'round-next', () => ctx.send('round.next'), { cls: 'btn-primary', focus: 'round' })
        : btn(t('fac.round_start'), 'round-start', () => ctx.send('round.start'), { focus: 'round' }),
      h('span', { class: 'hint' }, t('fac.round_hint')));

    return [
      handsQueue(ctx, room), soundToggle(update),
      h('h3', {}, t('fac.timer')), timerRow,
      h('h3', {}, t('fac.speaking')), floorRow, roundRow,
      h('div', { class: 'step-box' }, h('h3', {}, t('fac.step')), stepRow),
    ];
  });

  // The backup facilitator is chosen in the select and given by Set (or
  // Enter): arrow keys through the options change nothing in the room.
  async function setBackup(value) {
    if (await ctx.send('backup.set', { participant: value })) backupDraft = null;
    update();
  }
  const renderRoles = memo(rolesBody, (room) => {
    const roles = roleList(room, roleDrafts, assign);
    const candidates = room.participants.filter((p) => p.role !== 'facilitator' && p.role !== 'observer');
    const current = candidates.some((p) => p.id === room.backup) ? room.backup : 0;
    const draft = backupDraft ?? current;
    const backupSel = h('select', { id: 'f-backup', dataset: { focus: 'backup', testid: 'f-backup' },
      onchange: (e) => { backupDraft = Number(e.target.value); setBtn.disabled = backupDraft === current; },
      onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); if (Number(backupSel.value) !== current) setBackup(Number(backupSel.value)); } } },
    h('option', { value: '0', selected: draft === 0 }, t('fac.backup_none')),
    candidates.map((p) => h('option', { value: String(p.id), selected: p.id === draft }, p.name)));
    const setBtn = btn(t('fac.backup_set'), 'backup-set', () => setBackup(Number(backupSel.value)),
      { disabled: draft === current, cls: 'btn-small', aria: t('fac.backup_set_long') });
    return h('details', { class: 'roles-box', open: (rolesOpen ?? room.participants.length <= 8) ? true : null,
      // Someone joining re-renders the list: it stays as the user left it.
      ontoggle: (e) => { rolesOpen = e.target.open; } },
    h('summary', { dataset: { focus: 'roles' } }, t('fac.roles')), roles,
    h('div', { class: 'role-row' }, h('label', { for: 'f-backup' }, t('fac.backup')), h('span', { class: 'row' }, backupSel, setBtn)));
  });

  function update() {
    const room = ctx.room();
    el.hidden = !ctx.isFacilitator();
    if (el.hidden) return;
    el.firstChild.textContent = t('fac.title');
    render([currentLang(), room.step, room.timer.status, room.participants, room.hands, room.floor,
      room.round, chime.handsEnabled()], room);
    renderRoles([currentLang(), room.participants, room.backup, [...roleDrafts], backupDraft], room);
  }
  // `next` also serves the phone's bottom bar (tabs.js): the same questions before moving, the same Undo.
  return { el, update, next };
}
