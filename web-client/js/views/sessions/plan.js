// A group's plan: who is the client and who the facilitator of each of
// its workshops. Editable until the workshop has started, and not while
// the groups have unsaved changes (the plan follows the saved groups).
// Edits go into ctx.plan; "save the plan" sends them.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { personName } from '../../sessions.js';

// One cell: the person, or a choice among the group's people.
function planCell(ctx, g, item, wi, key, { locked, members }) {
  const { doc } = ctx;
  if (locked) return h('td', {}, personName(doc, item[key]));
  return h('td', {}, h('select', { 'aria-label': t(`sessions.plan.${key}_for`, { n: wi + 1, group: g.id }),
    dataset: { focus: `pl-${g.id}-${wi}-${key}`, testid: `plan-${key}` },
    onchange: (e) => { item[key] = Number(e.target.value); ctx.render(); } },
  (doc.state === 'running' ? g.members : members).map((id) => h('option', { value: String(id), selected: id === item[key],
    // One person cannot be both the client and the facilitator.
    disabled: id === item[key === 'client' ? 'facilitator' : 'client'] }, personName(doc, id)))));
}

function planRow(ctx, g, item, wi, { planLocked, members }) {
  const started = ctx.doc.state === 'running' && g.workshop >= wi + 1;
  const cell = { locked: planLocked || started, members };
  return h('tr', { dataset: { testid: 'plan-row', workshop: String(wi + 1) } },
    h('th', { scope: 'row' }, String(wi + 1), started && g.workshop === wi + 1 ? h('span', { class: 'tag' }, t('sessions.plan.now')) : null),
    planCell(ctx, g, item, wi, 'client', cell), planCell(ctx, g, item, wi, 'facilitator', cell));
}

// g: the group in the session document; members: its members as edited.
export function planTable(ctx, g, members, planLocked) {
  const planFor = ctx.plan.find((x) => x.id === g.id);
  return h('table', { class: 'plan-table' },
    h('caption', {}, t('sessions.plan')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('sessions.plan.workshop')),
      h('th', { scope: 'col' }, t('role.client')), h('th', { scope: 'col' }, t('role.facilitator')))),
    h('tbody', {}, planFor.plan.map((item, wi) => planRow(ctx, g, item, wi, { planLocked, members }))));
}
