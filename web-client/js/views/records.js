// "My workshops": through a personal link, the records of the workshops of
// this session where the person was client, even once their group has
// gone on to the next workshop (records.list, record.get; the hub answers
// only that person). Each downloads or prints as the live room's record.
import { h, replace } from '../dom.js';
import { t, onLang } from '../i18n.js';
import { notice } from '../ui.js';
import { downloadMarkdown, printRecord } from '../export.js';

export function createRecords(ctx) {
  let session = null, open = false, list = null, error = '', names = false;
  const panel = h('div', { id: 'records-panel', class: 'records', dataset: { testid: 'records' } });
  const toggle = h('button', { type: 'button', class: 'btn btn-small', 'aria-controls': 'records-panel',
    dataset: { testid: 'records-open', focus: 'records-open' }, onclick: () => { open = !open; if (open) load(); render(); } });
  const el = h('div', { class: 'records-wrap', hidden: true }, toggle, panel);

  async function load() {
    list = null;
    error = '';
    render();
    const r = await ctx.conn.request('records.list');
    if (r.type === 'records') list = r.records;
    else error = t('records.failed', { code: r.code });
    render();
  }

  async function take(item, how) {
    const r = await ctx.conn.request('record.get', { room: item.room });
    if (r.type !== 'record') { notice(t('records.failed', { code: r.code }), { kind: 'error' }); return; }
    const opts = { date: r.created_ms, group: r.group, names };
    if (how === 'print') printRecord(r.snapshot, opts); else downloadMarkdown(r.snapshot, opts);
  }

  function item(it) {
    const date = new Date(it.created_ms).toLocaleDateString(undefined, { dateStyle: 'long' });
    return h('li', { class: 'records-item', dataset: { testid: 'record-item', room: it.room } },
      h('div', { class: 'grow' }, h('strong', {}, it.title || t('records.untitled')),
        it.question ? h('p', { class: 'pre' }, it.question) : null,
        h('p', { class: 'muted' }, t('records.item', { date, group: it.group }))),
      h('div', { class: 'row wrap' },
        h('button', { type: 'button', class: 'btn btn-small btn-primary', dataset: { testid: 'record-download' },
          onclick: () => take(it, 'download') }, t('record.download')),
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => take(it, 'print') }, t('record.print'))));
  }

  function body() {
    if (error) return h('p', { role: 'alert' }, error);
    if (!list) return h('p', { class: 'muted' }, t('records.loading'));
    if (!list.length) return h('p', { class: 'muted' }, t('records.empty'));
    return [h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: names, dataset: { testid: 'record-names' },
      onchange: (e) => { names = e.target.checked; } }), ' ', t('record.names')),
    h('ul', { class: 'records-list' }, list.map(item))];
  }

  function render() {
    el.hidden = !session;
    toggle.textContent = t('records.button');
    toggle.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    if (open) replace(panel, h('h2', {}, t('records.title')), h('p', { class: 'hint' }, t('records.lead')), body());
  }

  onLang(render);
  return {
    el,
    // From the session bar's welcome: the person's session, or null.
    setSession(s) { session = s; if (!s) open = false; else if (open) load(); render(); },
  };
}
