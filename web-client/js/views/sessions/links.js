// The personal links of a running session, by group: each to copy, to
// send by e-mail (mailto:, when the cohort gave an address) or as a
// calendar invitation (.ics) to a meeting, or to renew (a new link; the
// old one stops working at once); and all of them to copy at once (name,
// e-mail, group, link a line, tab-separated) or to download as one CSV
// for a mail merge (name,email,group,link). Everything is made here, in
// the browser (invite.js).
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { copyText } from '../person-link.js';
import { linksCsv, linksTsv, mailtoHref, icsEvent } from '../../invite.js';
import { renew } from './actions.js';

// The links with each person's e-mail from the session document.
function rowsOf(ctx) {
  return ctx.links.map((l) => ({ ...l, email: ctx.doc.people.find((p) => p.id === l.person)?.email || '' }));
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const fileBase = (doc) => (doc.name || 'session').replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'session';

function invite(ctx) {
  ctx.invite ??= { date: '', time: '09:00', minutes: String(Math.min(480, (ctx.doc.workshops || 1) * 90)) };
  return ctx.invite;
}

// When the meeting starts (local time), or null while the date is unset.
function meetingStart(ctx) {
  const { date, time } = invite(ctx);
  const ms = date ? new Date(`${date}T${time || '09:00'}`).getTime() : NaN;
  return Number.isFinite(ms) ? ms : null;
}

function icsFor(ctx, r) {
  const start = meetingStart(ctx);
  if (start === null) return;
  const vars = { session: ctx.doc.name, name: r.name, group: r.group, link: r.link, meeting: ctx.doc.meeting };
  download(`${fileBase(ctx.doc)}-${r.person}.ics`, 'text/calendar;charset=utf-8', icsEvent({
    uid: `codevhub-${ctx.doc.id}-m${ctx.doc.meeting}-p${r.person}-${start}@${location.host}`,
    start_ms: start, minutes: Number(invite(ctx).minutes) || 90,
    summary: t('invite.ics.summary', vars), description: t('invite.body', vars), url: r.link }));
}

function sendTools(ctx) {
  const rows = rowsOf(ctx);
  const inv = invite(ctx);
  const allBtn = h('button', { type: 'button', class: 'btn btn-small', dataset: { testid: 'copy-all-links' } }, t('sessions.links.copy_all'));
  allBtn.addEventListener('click', () => copyText(linksTsv(rows, (g) => t('console.group', { group: g })), allBtn));
  const field = (key, attrs) => h('label', { class: 'inline' }, t(`invite.${key}`), ' ',
    h('input', { ...attrs, value: inv[key], dataset: { testid: `invite-${key}`, focus: `invite-${key}` },
      oninput: (e) => { inv[key] = e.target.value; ctx.render(); } }));
  return h('div', { class: 'send-tools' },
    h('div', { class: 'send-links' }, allBtn,
      h('button', { type: 'button', class: 'btn btn-small', dataset: { testid: 'download-csv' },
        onclick: () => download(`${fileBase(ctx.doc)}-links.csv`, 'text/csv;charset=utf-8', linksCsv(rows)) },
      t('invite.csv'))),
    h('fieldset', { class: 'send-links invite-when' }, h('legend', {}, t('invite.when')),
      field('date', { type: 'date' }), field('time', { type: 'time' }),
      field('minutes', { type: 'number', min: 15, max: 600, step: 15 })));
}

// l: {person, name, group, link, email}
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
      l.email ? h('a', { class: 'btn btn-small btn-ghost', dataset: { testid: 'mail-link', person: String(l.person) },
        'aria-label': t('invite.mail_for', { name: l.name }),
        href: mailtoHref(l.email, t('invite.subject', { session: ctx.doc.name }),
          t('invite.body', { session: ctx.doc.name, name: l.name, group: l.group, link: l.link, meeting: ctx.doc.meeting })) },
      t('invite.mail')) : null,
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', disabled: meetingStart(ctx) === null,
        'aria-label': t('invite.ics_for', { name: l.name }), title: meetingStart(ctx) === null ? t('invite.ics_needs_date') : null,
        dataset: { testid: 'ics-link', person: String(l.person), focus: `ics-${l.person}` }, onclick: () => icsFor(ctx, l) },
      t('invite.ics')),
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': t('links.renew_for', { name: l.name }),
        disabled: ctx.busy, dataset: { focus: `renew-${l.person}`, testid: 'renew-link', person: String(l.person) },
        onclick: () => renew(ctx, l) }, t('links.renew'))),
    fresh ? h('p', { class: 'link-note', id: `${id}-note`, dataset: { testid: 'renewed-note' } },
      t('links.renewed', { name: l.name })) : null);
}

export function linksView(ctx) {
  if (!ctx.links) return h('p', { class: 'muted' }, t('app.loading'));
  const links = rowsOf(ctx);
  const byGroup = new Map();
  for (const l of links) {
    if (!byGroup.has(l.group)) byGroup.set(l.group, []);
    byGroup.get(l.group).push(l);
  }
  return h('section', { class: 'links', 'aria-labelledby': 'links-title', dataset: { testid: 'links' } },
    h('h3', { id: 'links-title' }, t('sessions.links')),
    h('p', { class: 'hint' }, t('sessions.links.hint')),
    sendTools(ctx),
    [...byGroup.keys()].sort((a, b) => a - b).map((g) => h('div', { class: 'link-group' },
      h('h4', {}, t('console.group', { group: g })),
      h('ul', { class: 'plain link-list' }, byGroup.get(g).map((l) => linkLine(ctx, l))))));
}
