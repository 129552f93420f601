// The facilitator's panel: the shared timer, moving between steps (with an
// undo for an accidental advance), the floor and the round, and roles.
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { notice, confirmDialog } from '../ui.js';
import { stepName } from './stage.js';

const ROLES = ['facilitator', 'client', 'consultant', 'scribe', 'observer'];

// `focus` keeps keyboard focus across re-renders: a toggle (Start → Pause)
// shares one focus key so that Enter, Enter works without moving.
function btn(label, id, onclick, extra = {}) {
  const focus = extra.focus || id;
  return h('button', { type: 'button', class: `btn ${extra.cls || ''}`, dataset: { focus, testid: `f-${id}` },
    onclick, disabled: extra.disabled, 'aria-label': extra.aria }, label);
}

export function createFacilitator(ctx) {
  const body = h('div', { class: 'fpanel-body' });
  const el = h('section', { class: 'card fpanel', 'aria-labelledby': 'fpanel-title', dataset: { testid: 'fpanel' } },
    h('h2', { id: 'fpanel-title' }, t('fac.title')), body);
  const roleDrafts = new Map();

  async function next() {
    const room = ctx.room();
    const from = room.step;
    const ok = await ctx.send('step.next');
    // The ack comes before the step.changed event: name the target step.
    if (ok) {
      notice(t('fac.moved', { step: stepName(room.steps[from + 1].kind) }), {
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
    const timer = room.timer;
    const last = room.steps.length - 1;
    const timerRow = h('div', { class: 'row wrap' },
      timer.status === 'idle' ? btn(t('fac.start'), 'start', () => ctx.send('timer.start'), { cls: 'btn-primary', focus: 'toggle' })
        : timer.status === 'running' ? btn(t('fac.pause'), 'pause', () => ctx.send('timer.pause'), { focus: 'toggle' })
          : btn(t('fac.resume'), 'resume', () => ctx.send('timer.resume'), { cls: 'btn-primary', focus: 'toggle' }),
      btn(t('fac.plus1'), 'plus1', () => ctx.send('timer.extend', { minutes: 1 }), { aria: t('fac.plus1_long') }),
      btn(t('fac.plus5'), 'plus5', () => ctx.send('timer.extend', { minutes: 5 }), { aria: t('fac.plus5_long') }),
      btn(t('fac.reset'), 'reset', () => ctx.send('timer.reset'), { cls: 'btn-ghost' }));
    const stepRow = h('div', { class: 'row wrap' },
      btn(t('fac.prev'), 'prev', () => ctx.send('step.prev'), { disabled: room.step === 0, cls: 'btn-ghost' }),
      btn(room.step < last ? t('fac.next', { step: stepName(room.steps[room.step + 1].kind) }) : t('fac.last'),
        'next', next, { disabled: room.step >= last, cls: 'btn-primary' }));

    const speakers = room.participants.filter((p) => p.role !== 'observer');
    const suggested = room.hands[0] || speakers.find((p) => p.role !== 'facilitator' && p.id !== room.floor)?.id;
    const floorSel = h('select', { id: 'f-floor', dataset: { focus: 'floor-select', testid: 'f-floor-select' } },
      speakers.map((p) => h('option', { value: String(p.id), selected: p.id === suggested }, p.name)));
    const floorRow = h('div', { class: 'row wrap' },
      h('label', { for: 'f-floor', class: 'sr-only' }, t('fac.floor_to')), floorSel,
      btn(t('fac.give'), 'give', () => ctx.send('floor.give', { participant: Number(floorSel.value) })),
      room.floor ? btn(t('fac.take_back'), 'take', () => ctx.send('floor.give', { participant: 0 }), { cls: 'btn-ghost' }) : null);
    const roundRow = h('div', { class: 'row wrap' },
      room.round.active ? btn(t('fac.round_next'), 'round-next', () => ctx.send('round.next'), { cls: 'btn-primary', focus: 'round' })
        : btn(t('fac.round_start'), 'round-start', () => ctx.send('round.start'), { focus: 'round' }),
      h('span', { class: 'hint' }, t('fac.round_hint')));

    const roles = h('ul', { class: 'plain roles' }, room.participants.map((p) => {
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
    const candidates = room.participants.filter((p) => p.role !== 'facilitator' && p.role !== 'observer');
    const backupSel = h('select', { id: 'f-backup', dataset: { focus: 'backup' },
      onchange: (e) => ctx.send('backup.set', { participant: Number(e.target.value) }) },
    h('option', { value: '0' }, t('fac.backup_none')),
    candidates.map((p) => h('option', { value: String(p.id), selected: p.id === room.backup }, p.name)));

    return [
      h('h3', {}, t('fac.timer')), timerRow,
      h('h3', {}, t('fac.step')), stepRow,
      h('h3', {}, t('fac.speaking')), floorRow, roundRow,
      h('details', { class: 'roles-box', open: room.participants.length <= 8 ? true : null },
        h('summary', {}, t('fac.roles')), roles,
        h('div', { class: 'role-row' }, h('label', { for: 'f-backup' }, t('fac.backup')), backupSel)),
    ];
  });

  function update() {
    const room = ctx.room();
    el.hidden = !ctx.isFacilitator();
    if (el.hidden) return;
    el.firstChild.textContent = t('fac.title');
    render([currentLang(), room.step, room.timer.status, room.participants, room.hands[0], room.floor,
      room.round.active, room.backup, [...roleDrafts]], room);
  }
  return { el, update };
}
