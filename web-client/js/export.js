// The client's record of their workshop: sheet, contract, kept
// suggestions, action plan, learnings (and the scribe's notes) — as a
// Markdown download and as a clean printout (print stylesheet).
import { h, $ } from './dom.js';
import { t } from './i18n.js';
import { personName } from './views/people.js';

// Markdown-significant characters at the start of a line or inline are
// escaped so that a participant's text cannot restructure the document.
function md(text) {
  return String(text || '').replace(/([\\`*_{}[\]<>#|])/g, '\\$1')
    .split('\n').map((l) => l.replace(/^(\s*)([-+]|\d+\.)(\s)/, '$1\\$2$3')).join('  \n');
}

function sections(room) {
  const s = room.sheet;
  const kept = room.suggestions.filter((x) => x.kept);
  return [
    [t('sheet.title_card'), [
      s.title && ['h', s.title], s.question && ['q', s.question],
      ...['context', 'tried', 'help_wanted'].filter((k) => s[k]).map((k) => ['dl', t(`sheet.${k}`), s[k]]),
    ].filter(Boolean)],
    [t('contract.title'), room.contract ? [['p', room.contract]] : []],
    [t('record.kept'), kept.map((x) => ['li', x.text, personName(room, x.author)])],
    [t('plan.title'), room.plan.map((p, i) => ['ol', p.action, p.by_when, i + 1])],
    [t('record.learnings'), room.learnings.map((l) => ['li', l.text, personName(room, l.author)])],
    [t('notes.title'), room.notes ? [['p', room.notes]] : []],
  ];
}

export function toMarkdown(room, date = new Date()) {
  const out = [`# ${md(t('record.doc_title'))}`, '',
    `${md(t('record.generated', { date: date.toLocaleString() }))}  `, md(t('record.confidential')), ''];
  for (const [heading, items] of sections(room)) {
    out.push(`## ${md(heading)}`, '');
    if (!items.length) out.push(`_${md(t('record.none'))}_`);
    for (const it of items) {
      if (it[0] === 'h') out.push(`### ${md(it[1])}`);
      else if (it[0] === 'q') out.push(`> ${md(it[1])}`);
      else if (it[0] === 'dl') out.push(`**${md(it[1])}**  `, md(it[2]));
      else if (it[0] === 'p') out.push(md(it[1]));
      else if (it[0] === 'li') out.push(`- ${md(it[1])} — ${md(it[2])}`);
      else if (it[0] === 'ol') out.push(`${it[3]}. ${md(it[1])}${it[2] ? ` — ${md(t('plan.by', { when: it[2] }))}` : ''}`);
      out.push('');
    }
    out.push('');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

export function downloadMarkdown(room) {
  const blob = new Blob([toMarkdown(room)], { type: 'text/markdown;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: `${t('record.file')}-${room.id}.md` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Builds the printable record into #print-record (shown only by the print
// stylesheet, which hides the rest of the page) and opens the print dialog.
export function printRecord(room) {
  const box = $('#print-record');
  const parts = [h('h1', {}, t('record.doc_title')), h('p', { class: 'muted' }, t('record.confidential'))];
  for (const [heading, items] of sections(room)) {
    parts.push(h('h2', {}, heading));
    if (!items.length) parts.push(h('p', { class: 'muted' }, t('record.none')));
    const list = h('ul', {});
    const plan = h('ol', {});
    for (const it of items) {
      if (it[0] === 'h') parts.push(h('h3', {}, it[1]));
      else if (it[0] === 'q') parts.push(h('blockquote', {}, it[1]));
      else if (it[0] === 'dl') parts.push(h('h4', {}, it[1]), h('p', { class: 'pre' }, it[2]));
      else if (it[0] === 'p') parts.push(h('p', { class: 'pre' }, it[1]));
      else if (it[0] === 'li') list.append(h('li', {}, it[1], h('span', { class: 'muted' }, ` — ${it[2]}`)));
      else if (it[0] === 'ol') plan.append(h('li', {}, it[1], it[2] ? h('span', { class: 'muted' }, ` — ${t('plan.by', { when: it[2] })}`) : ''));
    }
    if (list.childElementCount) parts.push(list);
    if (plan.childElementCount) parts.push(plan);
  }
  box.replaceChildren(...parts);
  window.print();
}
