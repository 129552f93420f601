// The personal links of a running session, by group: each to copy or to
// renew (a new link; the old one stops working at once), and all of them
// to copy at once (name, group, link a line, tab-separated).
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { copyText } from '../person-link.js';
import { renew } from './actions.js';

function copyAllButton(links) {
  const all = links.map((l) => `${l.name}\t${t('console.group', { group: l.group })}\t${l.link}`).join('\n');
  const allBtn = h('button', { type: 'button', class: 'btn btn-small', dataset: { testid: 'copy-all-links' } }, t('sessions.links.copy_all'));
  allBtn.addEventListener('click', () => copyText(all, allBtn));
  return allBtn;
}

// l: {person, name, group, link}
function linkLine(ctx, l) {
  const id = `pl-${l.person}`;
  const fresh = ctx.renewed.has(l.person);
  const btn = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('sessions.links.copy_for', { name: l.name }),
    dataset: { focus: `copy-${l.person}`, testid: 'copy-link', person: String(l.person) } }, t('organizer.copy'));
  btn.addEventListener('click', () => copyText(l.link, btn));
  return h('li', { class: `link-line${fresh ? ' renewed' : ''}`, dataset: { testid: 'person-link', person: String(l.person) } },
    h('label', { for: id }, l.name),
    h('input', { id, type: 'text', readonly: true, value: l.link, class: 'mono',
      'aria-describedby': fresh ? `${id}-note` : null, dataset: { testid: 'person-link-url' } }),
    h('span', { class: 'link-actions' }, btn,
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': t('links.renew_for', { name: l.name }),
        disabled: ctx.busy, dataset: { focus: `renew-${l.person}`, testid: 'renew-link', person: String(l.person) },
        onclick: () => renew(ctx, l) }, t('links.renew'))),
    fresh ? h('p', { class: 'link-note', id: `${id}-note`, dataset: { testid: 'renewed-note' } },
      t('links.renewed', { name: l.name })) : null);
}

export function linksView(ctx) {
  const { links } = ctx;
  if (!links) return h('p', { class: 'muted' }, t('app.loading'));
  const byGroup = new Map();
  for (const l of links) {
    if (!byGroup.has(l.group)) byGroup.set(l.group, []);
    byGroup.get(l.group).push(l);
  }
  return h('section', { class: 'links', 'aria-labelledby': 'links-title', dataset: { testid: 'links' } },
    h('div', { class: 'row between' }, h('h3', { id: 'links-title' }, t('sessions.links')), copyAllButton(links)),
    h('p', { class: 'hint' }, t('sessions.links.hint')),
    [...byGroup.keys()].sort((a, b) => a - b).map((g) => h('div', { class: 'link-group' },
      h('h4', {}, t('console.group', { group: g })),
      h('ul', { class: 'plain link-list' }, byGroup.get(g).map((l) => linkLine(ctx, l))))));
}
