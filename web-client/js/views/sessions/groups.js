// The groups of the open session, one card each: its size (against the
// sizes asked for), its facilitator, its members with their tags and, in
// a draft session, a menu to move each to another group; then the group's
// plan (plan.js). Group edits go into ctx.draft; "save the groups" sends them.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { announce } from '../../ui.js';
import { moveInDraft, draftChanged, personName, person, DEFAULTS } from '../../sessions.js';
import { planTable } from './plan.js';

function personTags(p) {
  return [p.wants_client ? h('span', { class: 'tag tag-client', title: t('sessions.tag.wants_client') }, t('sessions.tag.client')) : null,
    p.can_facilitate || p.facilitator ? h('span', { class: 'tag tag-fac', title: t('sessions.tag.can_facilitate') }, t('sessions.tag.fac')) : null];
}

function sizeBadge(ctx, members) {
  const sz = ctx.sizes[ctx.doc.id] || { min: DEFAULTS.min_size, max: DEFAULTS.max_size };
  const sizeOk = members.length >= sz.min && members.length <= sz.max;
  return h('span', { class: `size ${sizeOk ? '' : 'size-bad'}`, dataset: { testid: 'group-size' } },
    t('sessions.group.size', { n: members.length }));
}

// d: the group as edited ({members, facilitator}).
function facilitator(ctx, g, d, editable) {
  const { doc } = ctx;
  if (!editable) return h('p', {}, t('sessions.group.facilitator'), ': ', h('strong', {}, personName(doc, g.facilitator)));
  return h('div', { class: 'field' },
    h('label', { for: `gf-${g.id}` }, t('sessions.group.facilitator')),
    h('select', { id: `gf-${g.id}`, dataset: { focus: `gf-${g.id}`, testid: 'group-facilitator' },
      onchange: (e) => { d.facilitator = Number(e.target.value); ctx.render(); } },
    d.facilitator ? null : h('option', { value: '0', selected: true }, t('sessions.group.no_facilitator')),
    d.members.map((id) => h('option', { value: String(id), selected: id === d.facilitator }, personName(doc, id)))));
}

function moveMenu(ctx, g, id, p) {
  return h('select', { class: 'move-select', 'aria-label': t('sessions.member.move_for', { name: p.name }),
    dataset: { focus: `mv-${id}`, testid: 'member-move' },
    onchange: (e) => {
      const to = Number(e.target.value);
      if (!to) return;
      ctx.draft = moveInDraft(ctx.draft, id, to);
      ctx.render();
      announce(t('sessions.member.moved', { name: p.name, group: to }));
    } },
  h('option', { value: '', selected: true }, t('sessions.member.move')),
  ctx.draft.filter((x) => x.id !== g.id).map((x) => h('option', { value: String(x.id) }, t('console.group', { group: x.id }))));
}

function memberList(ctx, g, members, editable) {
  return h('ul', { class: 'members plain' }, members.map((id) => {
    const p = person(ctx.doc, id) || { name: `#${id}` };
    return h('li', { class: 'member', dataset: { testid: 'member', person: String(id) } },
      h('span', { class: 'member-name' }, p.name), h('span', { class: 'member-tags' }, personTags(p)),
      editable && ctx.draft.length > 1 ? moveMenu(ctx, g, id, p) : null);
  }));
}

// g: a group of the session document.
export function groupEditor(ctx, g) {
  const { doc, draft } = ctx;
  const d = draft ? draft.find((x) => x.id === g.id) : { members: g.members, facilitator: g.facilitator };
  const editable = !!draft;
  const members = d.members;
  const planLocked = draft && draftChanged(doc, draft);
  return h('li', { class: 'card group-card', dataset: { testid: 'group', group: String(g.id) } },
    h('header', { class: 'row between' },
      h('h4', {}, t('console.group', { group: g.id })),
      sizeBadge(ctx, members)),
    facilitator(ctx, g, d, editable),
    memberList(ctx, g, members, editable),
    planTable(ctx, g, members, planLocked),
    planLocked ? h('p', { class: 'hint' }, t('sessions.plan.after_groups')) : null);
}
