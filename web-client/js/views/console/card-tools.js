// A room card's footer, the actions on one group: move a person to another
// group, give a person a new personal link, move the group on to its next
// workshop. Half-made choices (who, where to, menu open) live in
// ctx.moveDrafts and ctx.linkDrafts, by group, so a re-render keeps them.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { personName } from '../../sessions.js';
import { copyText } from '../person-link.js';
import { observeHref } from '../../linkscope.js';

function setDraft(drafts, group, fields) {
  drafts.set(group, { ...(drafts.get(group) || {}), ...fields });
}

function personOptions(s, members, selected) {
  return [h('option', { value: '' }, t('console.move.choose')),
    members.map((id) => h('option', { value: String(id), selected: selected === id }, personName(s, id)))];
}

function moveTool(ctx, group, members) {
  const s = ctx.state.session;
  const md = ctx.moveDrafts.get(group) || {};
  const otherGroups = (s.groups || []).filter((x) => x.id !== group);
  return h('details', { class: 'move', open: md.open || null, ontoggle: (e) => {
    setDraft(ctx.moveDrafts, group, { open: e.target.open });
  } },
  h('summary', { dataset: { testid: 'move-open' } }, t('console.move.title')),
  h('div', { class: 'move-body' },
    h('label', { for: `mv-p-${group}` }, t('console.move.who')),
    h('select', { id: `mv-p-${group}`, dataset: { focus: `mv-p-${group}`, testid: 'move-person' },
      onchange: (e) => setDraft(ctx.moveDrafts, group, { person: Number(e.target.value) }) },
    personOptions(s, members, md.person)),
    h('label', { for: `mv-g-${group}` }, t('console.move.to')),
    h('select', { id: `mv-g-${group}`, dataset: { focus: `mv-g-${group}`, testid: 'move-group' },
      onchange: (e) => setDraft(ctx.moveDrafts, group, { to: Number(e.target.value) }) },
    h('option', { value: '' }, t('console.move.choose')),
    otherGroups.map((x) => h('option', { value: String(x.id), selected: md.to === x.id }, t('console.group', { group: x.id })))),
    h('button', { type: 'button', class: 'btn btn-small', disabled: ctx.busy.has(`move-${group}`),
      dataset: { focus: `mv-go-${group}`, testid: 'move-go' }, onclick: () => ctx.act.move(group) }, t('console.move.go'))));
}

// The new link, to copy.
function linkResult(group, shown, name) {
  const copy = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('sessions.links.copy_for', { name }),
    dataset: { focus: `lk-copy-${group}`, testid: 'link-copy' } }, t('organizer.copy'));
  copy.addEventListener('click', () => copyText(shown, copy));
  return h('div', { class: 'relink-result', dataset: { testid: 'link-result' } },
    h('label', { class: 'sr-only', for: `lk-url-${group}` }, t('console.link.url', { name })),
    h('div', { class: 'row' },
      h('input', { id: `lk-url-${group}`, type: 'text', readonly: true, value: shown, class: 'mono grow',
        'aria-describedby': `lk-note-${group}`, dataset: { testid: 'link-url' } }),
      copy),
    h('p', { class: 'link-note', id: `lk-note-${group}` }, t('links.renewed', { name })));
}

// A person's personal link: a new one replaces it (the old one stops
// working at once); the new one is shown to copy.
function linkTool(ctx, group, members) {
  const s = ctx.state.session;
  const ld = ctx.linkDrafts.get(group) || {};
  const shown = ld.link && ld.linkPerson === ld.person ? ld.link : null;
  const name = personName(s, ld.person, '');
  return h('details', { class: 'move relink', open: ld.open || null, ontoggle: (e) => {
    setDraft(ctx.linkDrafts, group, { open: e.target.open });
  } },
  h('summary', { dataset: { testid: 'link-open' } }, t('console.link.title')),
  h('div', { class: 'move-body' },
    h('label', { for: `lk-p-${group}` }, t('console.link.who')),
    h('select', { id: `lk-p-${group}`, dataset: { focus: `lk-p-${group}`, testid: 'link-person' },
      onchange: (e) => { setDraft(ctx.linkDrafts, group, { person: Number(e.target.value) }); ctx.draw.card(group); } },
    personOptions(s, members, ld.person)),
    h('button', { type: 'button', class: 'btn btn-small', disabled: !ld.person || ctx.busy.has(`link-${group}`),
      'aria-label': ld.person ? t('links.renew_for', { name }) : null,
      dataset: { focus: `lk-go-${group}`, testid: 'link-renew' }, onclick: () => ctx.act.newLink(group) }, t('links.renew')),
    shown ? linkResult(group, shown, name) : null));
}

function nextButton(ctx, r, group) {
  const last = r.workshop >= r.workshops;
  return h('button', { type: 'button', class: 'btn btn-small', disabled: last || ctx.busy.has(`next-${group}`),
    title: last ? t('console.next.last') : null,
    dataset: { focus: `next-${group}`, testid: 'room-next' }, onclick: () => ctx.act.nextWorkshop(r) },
  last ? t('console.next.last') : t('console.next.button'));
}

// Looking in opens the room in a new tab, as a visible observer.
function observeLink(ctx, r, group) {
  if (!r.room) return null;
  return h('a', { class: 'btn btn-small', href: observeHref(r.room, ctx.token), target: '_blank', rel: 'noopener',
    dataset: { testid: 'room-observe', focus: `observe-${group}` } }, t('rooms.observe'));
}

export function cardActions(ctx, r, group, members) {
  return h('footer', { class: 'rcard-actions' }, observeLink(ctx, r, group),
    moveTool(ctx, group, members), linkTool(ctx, group, members), nextButton(ctx, r, group));
}
