// The client's record of their workshop: when and in which group, the
// sheet, the clarifying questions with their answers, the contract, the
// kept suggestions, the action plan, the learnings, the scribe's notes and,
// if the client wants, who took part (never the items the facilitator hid) — as a Markdown download and as a
// clean printout (print stylesheet). opts: { date (ms, the workshop's),
// group, names (true: list the participants) }.
import { h, $ } from './dom.js';
import { t, currentLang } from './i18n.js';
import { personName } from './views/people.js';

// Markdown-significant characters at the start of a line or inline are
// escaped so that a participant's text cannot restructure the document.
function md(text) {
  return String(text || '').replace(/([\\`*_{}[\]<>#|])/g, '\\$1')
    .split('\n').map((l) => l.replace(/^(\s*)([-+]|\d+\.)(\s)/, '$1\\$2$3')).join('  \n');
}

// A deadline as people write it ("vendredi", "end of May") reads "by
// vendredi"; an ISO date (2026-12-10) reads as a date in the page's
// language ("pour le 10 décembre 2026").
export function deadline(when) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(when || '').trim());
  const d = m && new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!d || Number.isNaN(d.getTime())) return t('plan.by', { when });
  return t('plan.by_date', { date: d.toLocaleDateString(currentLang(), { day: 'numeric', month: 'long', year: 'numeric' }) });
}

function about(room, opts) {
  const lines = [];
  if (opts.date) lines.push(t('record.held_on', { date: new Date(opts.date).toLocaleDateString(currentLang(), { dateStyle: 'long' }) }));
  if (opts.group) lines.push(t('session.group', { group: opts.group }));
  if (opts.names) lines.push(t('record.participants', { names: room.participants.map((p) => p.name).join(', ') }));
  return lines;
}

function sections(room, opts) {
  // Authors are names too: shown only when the client asks for names.
  const by = (id) => (opts.names ? personName(room, id) : null);
  const s = room.sheet;
  // Items the facilitator hid (posted in the wrong place) stay out.
  const shown = (list) => (list || []).filter((x) => !x.hidden);
  const kept = shown(room.suggestions).filter((x) => x.kept);
  return [
    [t('sheet.title_card'), [
      s.title && ['h', s.title], s.question && ['q', s.question],
      ...['context', 'tried', 'help_wanted'].filter((k) => s[k]).map((k) => ['dl', t(`sheet.${k}`), s[k]]),
    ].filter(Boolean)],
    [t('record.questions'), shown(room.questions).map((q) => ['qa', q.text, q.answer])],
    [t('contract.title'), room.contract ? [['p', room.contract]] : []],
    [t('record.kept'), kept.map((x) => ['li', x.text, by(x.author)])],
    [t('plan.title'), room.plan.map((p, i) => ['ol', p.action, p.by_when, i + 1])],
    [t('record.learnings'), shown(room.learnings).map((l) => ['li', l.text, by(l.author)])],
    [t('notes.title'), room.notes ? [['p', room.notes]] : []],
  ];
}

export function toMarkdown(room, opts = {}, now = new Date()) {
  const out = [`# ${md(t('record.doc_title'))}`, '',
    ...about(room, opts).map((l) => `${md(l)}  `),
    `${md(t('record.generated', { date: now.toLocaleString() }))}  `, md(t('record.confidential')), ''];
  for (const [heading, items] of sections(room, opts)) {
    out.push(`## ${md(heading)}`, '');
    if (!items.length) out.push(`_${md(t('record.none'))}_`);
    for (const it of items) {
      if (it[0] === 'h') out.push(`### ${md(it[1])}`);
      else if (it[0] === 'q') out.push(`> ${md(it[1])}`);
      else if (it[0] === 'dl') out.push(`**${md(it[1])}**  `, md(it[2]));
      else if (it[0] === 'p') out.push(md(it[1]));
      else if (it[0] === 'li') out.push(`- ${md(it[1])}${it[2] ? ` — ${md(it[2])}` : ''}`);
      else if (it[0] === 'qa') out.push(`- ${md(it[1])}`, `  ${md(it[2] ? `${t('questions.answer')} ${it[2]}` : t('record.unanswered'))}`);
      else if (it[0] === 'ol') out.push(`${it[3]}. ${md(it[1])}${it[2] ? ` — ${md(deadline(it[2]))}` : ''}`);
      out.push('');
    }
    out.push('');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

// "compte-rendu-atelier-deleguer-2026-12-02.md": which case, and when.
export function fileName(room, opts = {}, now = new Date()) {
  const slug = String(room.sheet?.title || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const d = new Date(opts.date || now);
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `${t('record.file')}-${slug || room.id}-${day}.md`;
}

export function downloadMarkdown(room, opts = {}) {
  const blob = new Blob([toMarkdown(room, opts)], { type: 'text/markdown;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName(room, opts) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Builds the printable record into #print-record (shown only by the print
// stylesheet, which hides the rest of the page) and opens the print dialog.
export function printRecord(room, opts = {}) {
  const box = $('#print-record');
  const parts = [h('h1', {}, t('record.doc_title')), ...about(room, opts).map((l) => h('p', {}, l)),
    h('p', { class: 'muted' }, t('record.confidential'))];
  for (const [heading, items] of sections(room, opts)) {
    parts.push(h('h2', {}, heading));
    if (!items.length) parts.push(h('p', { class: 'muted' }, t('record.none')));
    const list = h('ul', {});
    const plan = h('ol', {});
    const qa = h('ul', {});
    for (const it of items) {
      if (it[0] === 'h') parts.push(h('h3', {}, it[1]));
      else if (it[0] === 'q') parts.push(h('blockquote', {}, it[1]));
      else if (it[0] === 'dl') parts.push(h('h4', {}, it[1]), h('p', { class: 'pre' }, it[2]));
      else if (it[0] === 'p') parts.push(h('p', { class: 'pre' }, it[1]));
      else if (it[0] === 'li') list.append(h('li', {}, it[1], it[2] ? h('span', { class: 'muted' }, ` — ${it[2]}`) : ''));
      else if (it[0] === 'qa') qa.append(h('li', {}, h('p', { class: 'pre' }, it[1]),
        h('p', { class: 'pre muted' }, it[2] ? `${t('questions.answer')} ${it[2]}` : t('record.unanswered'))));
      else if (it[0] === 'ol') plan.append(h('li', {}, it[1], it[2] ? h('span', { class: 'muted' }, ` — ${deadline(it[2])}`) : ''));
    }
    if (qa.childElementCount) parts.push(qa);
    if (list.childElementCount) parts.push(list);
    if (plan.childElementCount) parts.push(plan);
  }
  box.replaceChildren(...parts);
  window.print();
}
