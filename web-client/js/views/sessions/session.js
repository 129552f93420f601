// The open session: its name, state and summary, the console's link once
// it runs, the groups (groups.js), the buttons that save the groups or the
// plan, start or delete the session, what keeps them disabled, and, once
// it runs, the personal links (links.js).
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { groupsDraft, draftChanged, planBody } from '../../sessions.js';
import { setDoc, saveGroups, savePlan, start, remove } from './actions.js';
import { conflictBox } from './conflict.js';
import { groupEditor } from './groups.js';
import { linksView } from './links.js';
import { consoleHref } from './list.js';

function header(ctx) {
  const { doc } = ctx;
  return h('div', { class: 'row between' },
    h('div', {},
      h('h3', { id: 'session-title', tabindex: '-1' }, doc.name, ' ',
        h('span', { class: `state-badge state-${doc.state}` }, t(`sessions.state.${doc.state}`))),
      h('p', { class: 'muted' }, t('sessions.doc_summary', { people: doc.people.length, groups: doc.groups.length,
        workshops: doc.workshops, meeting: doc.meeting }))),
    h('div', { class: 'row wrap' },
      doc.state === 'running' ? h('a', { class: 'btn btn-primary', href: consoleHref(doc.id, ctx.token), target: '_blank', rel: 'noopener',
        dataset: { testid: 'open-console' } }, t('sessions.console')) : null,
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { setDoc(ctx, null); ctx.conflict = null; ctx.render(); } },
        t('sessions.close'))));
}

// dirty: {groups, plan, noFac (the groups without a facilitator)}
function actions(ctx, isDraft, dirty) {
  const { busy } = ctx;
  return h('div', { class: 'session-actions row wrap' },
    isDraft ? h('button', { type: 'button', class: 'btn', disabled: !dirty.groups || busy || dirty.noFac.length > 0,
      dataset: { testid: 'save-groups' }, onclick: () => saveGroups(ctx) }, t('sessions.save_groups')) : null,
    isDraft && dirty.groups ? h('button', { type: 'button', class: 'btn btn-ghost', dataset: { testid: 'discard-groups' },
      onclick: () => { ctx.draft = groupsDraft(ctx.doc); ctx.conflict = null; ctx.render(); } }, t('sessions.discard')) : null,
    h('button', { type: 'button', class: 'btn', disabled: !dirty.plan || busy || dirty.groups,
      dataset: { testid: 'save-plan' }, onclick: () => savePlan(ctx) }, t('sessions.save_plan')),
    isDraft ? h('button', { type: 'button', class: 'btn btn-primary', disabled: busy || dirty.groups || dirty.plan,
      dataset: { testid: 'start-session' }, onclick: () => start(ctx) }, t('sessions.start')) : null,
    h('button', { type: 'button', class: 'btn btn-ghost btn-danger', onclick: () => remove(ctx) }, t('sessions.delete')));
}

export function sessionView(ctx) {
  const { doc, draft, plan } = ctx;
  const isDraft = doc.state === 'draft';
  const dirty = {
    groups: draft && draftChanged(doc, draft),
    plan: JSON.stringify(planBody(plan)) !== JSON.stringify(planBody(doc.groups)),
    noFac: draft ? draft.filter((g) => !g.facilitator).map((g) => g.id) : [],
  };
  return h('div', { class: 'session-open', dataset: { testid: 'session', state: doc.state, id: String(doc.id) } },
    header(ctx),
    ctx.conflict ? conflictBox(ctx.conflict) : null,
    isDraft ? h('p', { class: 'hint' }, t('sessions.edit_hint')) : null,
    h('ul', { class: 'groups-grid plain', dataset: { testid: 'groups' } }, doc.groups.map((g) => groupEditor(ctx, g))),
    actions(ctx, isDraft, dirty),
    dirty.noFac.length ? h('p', { class: 'form-error', role: 'alert' },
      t('sessions.need_facilitator', { groups: dirty.noFac.join(', ') })) : null,
    dirty.groups ? h('p', { class: 'hint', role: 'status' }, t('sessions.unsaved')) : null,
    doc.state === 'running' ? linksView(ctx) : null);
}
