// Keeping the room safe: the facilitator's controls (lock or unlock the
// room, end the workshop, remove a participant), the line everyone sees
// while the room is locked, and the closing screen of an ended workshop
// (thanks, and the client's record: export.js).
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { confirmDialog } from '../ui.js';
import { downloadMarkdown, printRecord } from '../export.js';
import { badge } from './people.js';
import { createMerge } from './merge.js';

export function createSafety(ctx) {
  const body = h('div', { class: 'card-body' });
  const merge = createMerge(ctx);
  const el = h('section', { class: 'card safety', 'aria-labelledby': 'safety-title', dataset: { testid: 'safety' } },
    h('h2', { id: 'safety-title' }), body, merge.el);

  async function end() {
    const yes = await confirmDialog({ title: t('safety.end_title'), text: t('safety.end_text'), ok: t('safety.end') });
    if (yes) ctx.send('room.end');
  }
  async function remove(p) {
    const yes = await confirmDialog({ title: t('safety.remove_title', { name: p.name }),
      text: t('safety.remove_text', { name: p.name }), ok: t('safety.remove') });
    if (yes) ctx.send('participant.remove', { participant: p.id });
  }

  const render = memo(body, (room, fac, me) => {
    const kids = [];
    if (room.locked) kids.push(h('p', { class: 'locked-note', dataset: { testid: 'locked-note' } }, t('safety.locked_note')));
    if (!fac) return kids;
    kids.push(h('div', { class: 'row wrap' },
      h('button', { type: 'button', class: 'btn', dataset: { focus: 'lock', testid: room.locked ? 'unlock' : 'lock' },
        'aria-pressed': String(room.locked), onclick: () => ctx.send(room.locked ? 'room.unlock' : 'room.lock') },
      t(room.locked ? 'safety.unlock' : 'safety.lock')),
      h('button', { type: 'button', class: 'btn btn-danger', dataset: { focus: 'end', testid: 'end' }, onclick: end },
        t('safety.end'))));
    const others = room.participants.filter((p) => !p.seat && p.id !== me && p.role !== 'facilitator' && !p.organizer);
    if (others.length) {
      kids.push(h('p', { class: 'muted' }, t('safety.remove_lead')),
        h('ul', { class: 'remove-list' }, others.map((p) => h('li', { class: 'row' },
          h('span', { class: 'person-name' }, p.name, ' ', badge(p.role),
            p.connected ? null : h('span', { class: 'muted' }, ` ${t('people.away')}`)),
          h('button', { type: 'button', class: 'btn btn-small btn-danger',
            dataset: { focus: `remove-${p.id}`, testid: 'remove', pid: String(p.id) },
            'aria-label': t('safety.remove_who', { name: p.name }), onclick: () => remove(p) }, t('safety.remove'))))));
    }
    return kids;
  });

  function update() {
    const room = ctx.room();
    const fac = ctx.isFacilitator();
    el.hidden = !fac && !room.locked;
    el.firstChild.textContent = t(fac ? 'safety.title' : 'safety.locked_title');
    const people = room.participants.map((p) => [p.id, p.name, p.role, p.seat || '', p.connected]);
    render([currentLang(), room.locked, fac, people], room, fac, ctx.you().participant);
    merge.update();
  }
  return { el, update };
}

// The closing screen of an ended workshop: thanks for everyone; the
// client (and the facilitator, who may pass it on) gets their record.
export function closingScreen(ctx) {
  const room = ctx.room();
  const record = ctx.role() === 'client' || ctx.isFacilitator();
  return h('section', { class: 'card narrow closing', dataset: { testid: 'closing' } },
    h('h1', {}, t('closing.title')),
    h('p', {}, t('closing.thanks')),
    h('p', { class: 'muted' }, t('closing.confidential')),
    record ? h('div', { class: 'closing-record' },
      h('h2', {}, t('closing.record_title')),
      h('p', {}, t('closing.record_lead')),
      h('div', { class: 'row wrap' },
        h('button', { type: 'button', class: 'btn btn-primary', dataset: { testid: 'download' },
          onclick: () => downloadMarkdown(room) }, t('record.download')),
        h('button', { type: 'button', class: 'btn', dataset: { testid: 'print' },
          onclick: () => printRecord(room) }, t('record.print')))) : null);
}
