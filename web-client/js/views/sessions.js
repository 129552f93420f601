// The organizer's sessions: a cohort typed or imported (CSV), split by the
// hub into groups with a plan (client and facilitator of each workshop);
// the organizer adjusts groups and plan, starts, hands out the personal
// links and opens the console.
import { h, replace } from '../dom.js';
import { t, templateName } from '../i18n.js';
import { api } from '../api.js';
import { notice, announce, confirmDialog } from '../ui.js';
import { copyText, renewLink } from './person-link.js';
import { readPeople, sessionRequest, groupsDraft, moveInDraft, draftChanged, groupsBody, planBody,
  personName, person, conflictPeople, DEFAULTS } from '../sessions.js';

const SELECTED_KEY = 'codev.organizer.session';
const SIZES_KEY = 'codev.organizer.sizes';
const REASONS = ['sizes', 'together_apart', 'set_too_big', 'fixed_together', 'too_many_fixed',
  'too_few_facilitators', 'apart', 'packing', 'separated'];

export function consoleHref(id, token) {
  return `${location.origin}/c/${id}#${token}`;
}

function emptyForm() {
  return { name: '', template: '', workshops: String(DEFAULTS.workshops), rotate_facilitator: false,
    alert_behind_minutes: String(DEFAULTS.alert_behind_minutes), min_size: String(DEFAULTS.min_size),
    max_size: String(DEFAULTS.max_size), peopleText: '', apart: [], together: [], pairA: { apart: '', together: '' },
    pairB: { apart: '', together: '' } };
}

export function createSessions({ token, templates: getTemplates }) {
  const el = h('section', { class: 'sessions', 'aria-labelledby': 'sessions-title', dataset: { testid: 'sessions' } });
  let list = null; // [{id,name,state,...}] or null while loading
  let doc = JSON.parse(sessionStorage.getItem(SELECTED_KEY) || 'null'); // the open session document
  let form = emptyForm();
  let creating = false;
  let conflict = null; // {reason, people: [names], message}
  let draft = null; // groups draft of the open session (draft state)
  let plan = null; // plan edits: groups [{id, plan: [{client, facilitator}]}]
  let links = null; // [{person, name, group, link}]
  const renewed = new Set(); // people whose link was just replaced (shown as such)
  let busy = false;
  let showForm = false;
  let pairsTimer = null;
  const sizes = JSON.parse(sessionStorage.getItem(SIZES_KEY) || '{}'); // session id -> {min, max}

  const setDoc = (d) => {
    doc = d;
    draft = d && d.state === 'draft' ? groupsDraft(d) : null;
    plan = d ? d.groups.map((g) => ({ id: g.id, plan: g.plan.map((p) => ({ ...p })) })) : null;
    if (d) sessionStorage.setItem(SELECTED_KEY, JSON.stringify({ id: d.id })); else sessionStorage.removeItem(SELECTED_KEY);
  };

  async function loadList() {
    const r = await api(token, '/api/sessions');
    if (r.status === 200) list = r.body.sessions || [];
    else list = [];
    render();
  }

  async function open(id) {
    const r = await api(token, `/api/sessions/${id}`);
    if (r.status !== 200) { setDoc(null); render(); return; }
    setDoc(r.body);
    conflict = null;
    links = null;
    renewed.clear();
    if (doc.state === 'running') await loadLinks();
    render();
    el.querySelector('#session-title')?.focus();
  }

  async function loadLinks() {
    const r = await api(token, `/api/sessions/${doc.id}/links`);
    links = r.status === 200 ? r.body.links : [];
  }

  function failed(r, names) {
    if (r.status === 422 && r.body.cohort) {
      conflict = { reason: r.body.cohort, people: conflictPeople(r.body, names), message: r.body.message || '' };
      render();
      const box = el.querySelector('[data-testid="conflict"]');
      box?.focus();
      return;
    }
    conflict = null;
    const why = r.status === 0 ? t('sessions.err.network') : r.status === 401 ? t('organizer.unauthorized')
      : r.status === 409 ? t('sessions.err.state') : (r.body.message || String(r.status));
    notice(t('sessions.err.action', { why }), { kind: 'error' });
    render();
  }

  async function create() {
    if (creating) return;
    const { preview } = readPeople(form.peopleText);
    if (!form.name.trim()) { notice(t('sessions.need_name'), { kind: 'error' }); el.querySelector('#s-name')?.focus(); return; }
    if (!preview.length) { notice(t('sessions.need_people'), { kind: 'error' }); el.querySelector('#s-people')?.focus(); return; }
    creating = true;
    render();
    const r = await api(token, '/api/sessions', { method: 'POST', body: sessionRequest(form) });
    creating = false;
    if (r.status === 201) {
      sizes[r.body.id] = { min: Number(form.min_size) || DEFAULTS.min_size, max: Number(form.max_size) || DEFAULTS.max_size };
      sessionStorage.setItem(SIZES_KEY, JSON.stringify(sizes));
      setDoc(r.body);
      conflict = null;
      form = emptyForm();
      showForm = false;
      announce(t('sessions.created', { n: doc.groups.length }));
      loadList();
      render();
      el.querySelector('#session-title')?.focus();
      return;
    }
    failed(r, (id) => preview[id - 1]?.name);
  }

  async function saveGroups() {
    if (busy) return;
    busy = true;
    render();
    const r = await api(token, `/api/sessions/${doc.id}/groups`, { method: 'PUT', body: groupsBody(draft) });
    busy = false;
    if (r.status === 200) {
      setDoc(r.body);
      conflict = null;
      notice(t('sessions.groups_saved'));
      render();
      return;
    }
    failed(r, (id) => person(doc, id)?.name);
  }

  async function savePlan() {
    if (busy) return;
    busy = true;
    render();
    const r = await api(token, `/api/sessions/${doc.id}/plan`, { method: 'PUT', body: planBody(plan) });
    busy = false;
    if (r.status === 200) {
      setDoc(r.body);
      conflict = null;
      notice(t('sessions.plan_saved'));
      render();
      return;
    }
    failed(r, (id) => person(doc, id)?.name);
  }

  async function start() {
    const yes = await confirmDialog({ title: t('sessions.start.title'),
      text: t('sessions.start.text', { n: doc.groups.length }), ok: t('sessions.start.ok') });
    if (!yes || busy) return;
    busy = true;
    render();
    const r = await api(token, `/api/sessions/${doc.id}/start`, { method: 'POST' });
    busy = false;
    if (r.status !== 200) { failed(r, (id) => person(doc, id)?.name); return; }
    setDoc(r.body);
    await loadLinks();
    loadList();
    render();
    announce(t('sessions.started', { n: doc.groups.length }));
    el.querySelector('[data-testid="open-console"]')?.focus();
  }

  async function remove() {
    const yes = await confirmDialog({ title: t('sessions.delete.title', { name: doc.name }),
      text: t(doc.state === 'running' ? 'sessions.delete.text_running' : 'sessions.delete.text'), ok: t('sessions.delete.ok') });
    if (!yes) return;
    const r = await api(token, `/api/sessions/${doc.id}`, { method: 'DELETE' });
    if (r.status !== 204) { failed(r, () => null); return; }
    setDoc(null);
    links = null;
    loadList();
    render();
  }

  // --- the list and the new-session form ---
  function sessionList() {
    if (list === null) return h('p', { class: 'muted' }, t('app.loading'));
    if (!list.length) return h('p', { class: 'muted' }, t('sessions.none'));
    return h('ul', { class: 'session-list plain' }, list.map((s) => h('li', { class: 'session-item', dataset: { testid: 'session-row' } },
      h('div', { class: 'grow' },
        h('strong', {}, s.name), ' ',
        h('span', { class: `state-badge state-${s.state}` }, t(`sessions.state.${s.state}`)),
        h('span', { class: 'muted small' }, ` \u00b7 ${t('sessions.summary', { people: s.people, groups: s.groups })}`)),
      h('button', { type: 'button', class: 'btn btn-small', dataset: { focus: `open-${s.id}` }, onclick: () => open(s.id) },
        t('sessions.open')),
      s.state === 'running' ? h('a', { class: 'btn btn-small btn-ghost', href: consoleHref(s.id, token), target: '_blank',
        rel: 'noopener' }, t('sessions.console')) : null)));
  }

  function pairEditor(kind, preview) {
    const pairs = form[kind];
    const label = (i) => `${i}. ${preview[i - 1]?.name || '?'}`;
    const sel = (which) => h('select', { id: `pair-${kind}-${which}`, dataset: { focus: `pair-${kind}-${which}`, testid: `pair-${kind}-${which}` },
      'aria-label': t(`sessions.pair.${which}`),
      onchange: (e) => { form[which === 'a' ? 'pairA' : 'pairB'][kind] = e.target.value; } },
    h('option', { value: '' }, t('sessions.pair.choose')),
    preview.map((p, i) => h('option', { value: String(i + 1), selected: form[which === 'a' ? 'pairA' : 'pairB'][kind] === String(i + 1) },
      label(i + 1))));
    const add = () => {
      const a = Number(form.pairA[kind]), b = Number(form.pairB[kind]);
      if (!a || !b || a === b) { notice(t('sessions.pair.invalid'), { kind: 'error' }); return; }
      if (!pairs.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) pairs.push([a, b]);
      form.pairA[kind] = ''; form.pairB[kind] = '';
      render();
    };
    return h('fieldset', { class: 'pairs' },
      h('legend', {}, t(`sessions.${kind}`)),
      h('p', { class: 'hint' }, t(`sessions.${kind}.hint`)),
      preview.length < 2 ? h('p', { class: 'muted small' }, t('sessions.pair.need_people')) : h('div', { class: 'row wrap' },
        sel('a'), h('span', { 'aria-hidden': 'true' }, kind === 'apart' ? '\u2260' : '+'), sel('b'),
        h('button', { type: 'button', class: 'btn btn-small', dataset: { focus: `pair-${kind}-add`, testid: `pair-${kind}-add` },
          onclick: add }, t('sessions.pair.add'))),
      pairs.length ? h('ul', { class: 'pair-list plain' }, pairs.map(([a, b], i) => h('li', { class: 'chip-row' },
        h('span', {}, `${label(a)} ${kind === 'apart' ? '\u2260' : '+'} ${label(b)}`),
        h('button', { type: 'button', class: 'btn btn-small btn-ghost',
          'aria-label': t('sessions.pair.remove_for', { a: preview[a - 1]?.name || a, b: preview[b - 1]?.name || b }),
          onclick: () => { pairs.splice(i, 1); render(); } }, '\u00d7')))) : null);
  }

  function field(id, label, input, hint) {
    return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint' }, hint) : null, input);
  }

  function num(id, key, min, max) {
    return h('input', { id, type: 'number', min, max, step: 1, value: form[key], class: 'num',
      dataset: { focus: id, testid: id }, oninput: (e) => { form[key] = e.target.value; } });
  }

  function newForm() {
    const templates = getTemplates() || [];
    if (!form.template) form.template = templates.find((x) => x.id === 'codev-90')?.id || templates[0]?.id || '';
    const { preview, csv } = readPeople(form.peopleText);
    const file = h('input', { id: 's-file', type: 'file', accept: '.csv,text/csv,text/plain', class: 'file',
      dataset: { testid: 's-file' }, onchange: async (e) => {
        const f = e.target.files?.[0];
        if (!f) return;
        form.peopleText = await f.text();
        form.apart = []; form.together = [];
        render();
        announce(t('sessions.imported', { n: readPeople(form.peopleText).preview.length }));
      } });
    return h('form', { class: 'card session-form', novalidate: true, dataset: { testid: 'session-form' },
      onsubmit: (e) => { e.preventDefault(); create(); } },
    h('h3', {}, t('sessions.new')),
    h('div', { class: 'form-grid' },
      field('s-name', t('sessions.name'), h('input', { id: 's-name', type: 'text', maxlength: 120, value: form.name, required: true,
        dataset: { focus: 's-name', testid: 's-name' }, oninput: (e) => { form.name = e.target.value; } })),
      field('s-template', t('organizer.template'), h('select', { id: 's-template', dataset: { focus: 's-template', testid: 's-template' },
        onchange: (e) => { form.template = e.target.value; } },
      templates.map((tpl) => h('option', { value: tpl.id, selected: tpl.id === form.template }, templateName(tpl))))),
      field('s-workshops', t('sessions.workshops'), num('s-workshops', 'workshops', 1, 8), t('sessions.workshops.hint')),
      field('s-alert', t('sessions.alert'), num('s-alert', 'alert_behind_minutes', 1, 120), t('sessions.alert.hint')),
      h('div', { class: 'field' }, h('span', { class: 'label', id: 's-size-label' }, t('sessions.sizes')),
        h('div', { class: 'row' },
          h('label', { for: 's-min', class: 'inline' }, t('sessions.sizes.from')), num('s-min', 'min_size', 2, 12),
          h('label', { for: 's-max', class: 'inline' }, t('sessions.sizes.to')), num('s-max', 'max_size', 2, 12)))),
    h('div', { class: 'check check-plain' },
      h('input', { id: 's-rotate', type: 'checkbox', checked: form.rotate_facilitator, dataset: { focus: 's-rotate', testid: 's-rotate' },
        onchange: (e) => { form.rotate_facilitator = e.target.checked; } }),
      h('label', { for: 's-rotate' }, t('sessions.rotate'))),
    h('div', { class: 'field' },
      h('label', { for: 's-people' }, t('sessions.people')),
      h('p', { class: 'hint', id: 's-people-hint' }, t('sessions.people.hint')),
      h('textarea', { id: 's-people', rows: 8, value: form.peopleText, 'aria-describedby': 's-people-hint s-people-count',
        dataset: { focus: 's-people', testid: 's-people' },
        oninput: (e) => {
          form.peopleText = e.target.value;
          const read = readPeople(form.peopleText);
          const c = el.querySelector('#s-people-count');
          if (c) c.textContent = countLine(read);
          // The pair pickers follow the list (only they are rebuilt, so
          // the button under the pointer stays the same element).
          clearTimeout(pairsTimer);
          pairsTimer = setTimeout(() => {
            const box = el.querySelector('.pairs-grid');
            if (box) replace(box, pairEditor('apart', read.preview), pairEditor('together', read.preview));
          }, 250);
        } }),
      h('div', { class: 'row wrap between' },
        h('p', { class: 'small muted', id: 's-people-count', 'aria-live': 'polite' }, countLine({ preview, csv })),
        h('span', { class: 'file-pick' }, h('label', { for: 's-file', class: 'btn btn-small' }, t('sessions.import')), file))),
    h('div', { class: 'pairs-grid' }, pairEditor('apart', preview), pairEditor('together', preview)),
    conflict && !doc ? conflictBox() : null,
    h('div', { class: 'row' },
      h('button', { type: 'submit', class: 'btn btn-primary', disabled: creating, dataset: { testid: 's-create' } },
        creating ? t('sessions.creating') : t('sessions.create')),
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { showForm = false; conflict = null; render(); } },
        t('action.cancel'))));
  }

  function countLine({ preview, csv }) {
    if (!preview.length) return t('sessions.people.none');
    return csv !== undefined ? t('sessions.people.csv', { n: preview.length }) : t('sessions.people.n', { n: preview.length });
  }

  function conflictBox() {
    const reason = REASONS.includes(conflict.reason) ? t(`cohort.${conflict.reason}`) : t('cohort.other');
    return h('div', { class: 'conflict', role: 'alert', tabindex: '-1', dataset: { testid: 'conflict', reason: conflict.reason } },
      h('p', { class: 'conflict-title' }, t('sessions.conflict.title')),
      h('p', {}, reason),
      conflict.people.length ? h('p', {}, t('sessions.conflict.people'), ' ',
        conflict.people.map((n, i) => [i ? ', ' : '', h('strong', { dataset: { testid: 'conflict-person' } }, n)])) : null,
      conflict.message ? h('p', { class: 'small muted' }, t('sessions.conflict.hub'), ' ', conflict.message) : null);
  }

  // --- the open session ---
  function personTags(p) {
    return [p.wants_client ? h('span', { class: 'tag tag-client', title: t('sessions.tag.wants_client') }, t('sessions.tag.client')) : null,
      p.can_facilitate || p.facilitator ? h('span', { class: 'tag tag-fac', title: t('sessions.tag.can_facilitate') }, t('sessions.tag.fac')) : null];
  }

  function groupEditor(g) {
    const d = draft ? draft.find((x) => x.id === g.id) : { members: g.members, facilitator: g.facilitator };
    const editable = !!draft;
    const members = d.members;
    const sz = sizes[doc.id] || { min: DEFAULTS.min_size, max: DEFAULTS.max_size };
    const sizeOk = members.length >= sz.min && members.length <= sz.max;
    const planFor = plan.find((x) => x.id === g.id);
    const planLocked = draft && draftChanged(doc, draft);
    const memberOpts = (sel) => members.map((id) => h('option', { value: String(id), selected: id === sel }, personName(doc, id)));
    return h('li', { class: 'card group-card', dataset: { testid: 'group', group: String(g.id) } },
      h('header', { class: 'row between' },
        h('h4', {}, t('console.group', { group: g.id })),
        h('span', { class: `size ${sizeOk ? '' : 'size-bad'}`, dataset: { testid: 'group-size' } },
          t('sessions.group.size', { n: members.length }))),
      editable ? h('div', { class: 'field' },
        h('label', { for: `gf-${g.id}` }, t('sessions.group.facilitator')),
        h('select', { id: `gf-${g.id}`, dataset: { focus: `gf-${g.id}`, testid: 'group-facilitator' },
          onchange: (e) => { d.facilitator = Number(e.target.value); render(); } },
        d.facilitator ? null : h('option', { value: '0', selected: true }, t('sessions.group.no_facilitator')),
        memberOpts(d.facilitator)))
        : h('p', {}, t('sessions.group.facilitator'), ': ', h('strong', {}, personName(doc, g.facilitator))),
      h('ul', { class: 'members plain' }, members.map((id) => {
        const p = person(doc, id) || { name: `#${id}` };
        return h('li', { class: 'member', dataset: { testid: 'member', person: String(id) } },
          h('span', { class: 'member-name' }, p.name), h('span', { class: 'member-tags' }, personTags(p)),
          editable && draft.length > 1 ? h('select', { class: 'move-select', 'aria-label': t('sessions.member.move_for', { name: p.name }),
            dataset: { focus: `mv-${id}`, testid: 'member-move' },
            onchange: (e) => {
              const to = Number(e.target.value);
              if (!to) return;
              draft = moveInDraft(draft, id, to);
              render();
              announce(t('sessions.member.moved', { name: p.name, group: to }));
            } },
          h('option', { value: '', selected: true }, t('sessions.member.move')),
          draft.filter((x) => x.id !== g.id).map((x) => h('option', { value: String(x.id) }, t('console.group', { group: x.id }))))
            : null);
      })),
      h('table', { class: 'plan-table' },
        h('caption', {}, t('sessions.plan')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('sessions.plan.workshop')),
          h('th', { scope: 'col' }, t('role.client')), h('th', { scope: 'col' }, t('role.facilitator')))),
        h('tbody', {}, planFor.plan.map((item, wi) => {
          const started = doc.state === 'running' && g.workshop >= wi + 1;
          const cell = (key) => (planLocked || started ? h('td', {}, personName(doc, item[key]))
            : h('td', {}, h('select', { 'aria-label': t(`sessions.plan.${key}_for`, { n: wi + 1, group: g.id }),
              dataset: { focus: `pl-${g.id}-${wi}-${key}`, testid: `plan-${key}` },
              onchange: (e) => { item[key] = Number(e.target.value); render(); } },
            (doc.state === 'running' ? g.members : members).map((id) => h('option', { value: String(id), selected: id === item[key],
              // One person cannot be both the client and the facilitator.
              disabled: id === item[key === 'client' ? 'facilitator' : 'client'] }, personName(doc, id))))));
          return h('tr', { dataset: { testid: 'plan-row', workshop: String(wi + 1) } },
            h('th', { scope: 'row' }, String(wi + 1), started && g.workshop === wi + 1 ? h('span', { class: 'tag' }, t('sessions.plan.now')) : null),
            cell('client'), cell('facilitator'));
        }))),
      planLocked ? h('p', { class: 'hint' }, t('sessions.plan.after_groups')) : null);
  }

  function sessionView() {
    const isDraft = doc.state === 'draft';
    const groupsDirty = draft && draftChanged(doc, draft);
    const planDirty = JSON.stringify(planBody(plan)) !== JSON.stringify(planBody(doc.groups));
    const noFac = draft ? draft.filter((g) => !g.facilitator).map((g) => g.id) : [];
    const out = h('div', { class: 'session-open', dataset: { testid: 'session', state: doc.state, id: String(doc.id) } },
      h('div', { class: 'row between' },
        h('div', {},
          h('h3', { id: 'session-title', tabindex: '-1' }, doc.name, ' ',
            h('span', { class: `state-badge state-${doc.state}` }, t(`sessions.state.${doc.state}`))),
          h('p', { class: 'muted' }, t('sessions.doc_summary', { people: doc.people.length, groups: doc.groups.length,
            workshops: doc.workshops, meeting: doc.meeting }))),
        h('div', { class: 'row wrap' },
          doc.state === 'running' ? h('a', { class: 'btn btn-primary', href: consoleHref(doc.id, token), target: '_blank', rel: 'noopener',
            dataset: { testid: 'open-console' } }, t('sessions.console')) : null,
          h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { setDoc(null); conflict = null; render(); } },
            t('sessions.close')))),
      conflict ? conflictBox() : null,
      isDraft ? h('p', { class: 'hint' }, t('sessions.edit_hint')) : null,
      h('ul', { class: 'groups-grid plain', dataset: { testid: 'groups' } }, doc.groups.map((g) => groupEditor(g))),
      h('div', { class: 'session-actions row wrap' },
        isDraft ? h('button', { type: 'button', class: 'btn', disabled: !groupsDirty || busy || noFac.length > 0,
          dataset: { testid: 'save-groups' }, onclick: saveGroups }, t('sessions.save_groups')) : null,
        isDraft && groupsDirty ? h('button', { type: 'button', class: 'btn btn-ghost', dataset: { testid: 'discard-groups' },
          onclick: () => { draft = groupsDraft(doc); conflict = null; render(); } }, t('sessions.discard')) : null,
        h('button', { type: 'button', class: 'btn', disabled: !planDirty || busy || groupsDirty,
          dataset: { testid: 'save-plan' }, onclick: savePlan }, t('sessions.save_plan')),
        isDraft ? h('button', { type: 'button', class: 'btn btn-primary', disabled: busy || groupsDirty || planDirty,
          dataset: { testid: 'start-session' }, onclick: start }, t('sessions.start')) : null,
        h('button', { type: 'button', class: 'btn btn-ghost btn-danger', onclick: remove }, t('sessions.delete'))),
      noFac.length ? h('p', { class: 'form-error', role: 'alert' },
        t('sessions.need_facilitator', { groups: noFac.join(', ') })) : null,
      groupsDirty ? h('p', { class: 'hint', role: 'status' }, t('sessions.unsaved')) : null,
      doc.state === 'running' ? linksView() : null);
    return out;
  }

  function linksView() {
    if (!links) return h('p', { class: 'muted' }, t('app.loading'));
    const byGroup = new Map();
    for (const l of links) {
      if (!byGroup.has(l.group)) byGroup.set(l.group, []);
      byGroup.get(l.group).push(l);
    }
    const all = links.map((l) => `${l.name}\t${t('console.group', { group: l.group })}\t${l.link}`).join('\n');
    const allBtn = h('button', { type: 'button', class: 'btn btn-small', dataset: { testid: 'copy-all-links' } }, t('sessions.links.copy_all'));
    allBtn.addEventListener('click', () => copyText(all, allBtn));
    return h('section', { class: 'links', 'aria-labelledby': 'links-title', dataset: { testid: 'links' } },
      h('div', { class: 'row between' }, h('h3', { id: 'links-title' }, t('sessions.links')), allBtn),
      h('p', { class: 'hint' }, t('sessions.links.hint')),
      [...byGroup.keys()].sort((a, b) => a - b).map((g) => h('div', { class: 'link-group' },
        h('h4', {}, t('console.group', { group: g })),
        h('ul', { class: 'plain link-list' }, byGroup.get(g).map((l) => {
          const id = `pl-${l.person}`;
          const fresh = renewed.has(l.person);
          const btn = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': t('sessions.links.copy_for', { name: l.name }),
            dataset: { focus: `copy-${l.person}`, testid: 'copy-link', person: String(l.person) } }, t('organizer.copy'));
          btn.addEventListener('click', () => copyText(l.link, btn));
          return h('li', { class: `link-line${fresh ? ' renewed' : ''}`, dataset: { testid: 'person-link', person: String(l.person) } },
            h('label', { for: id }, l.name),
            h('input', { id, type: 'text', readonly: true, value: l.link, class: 'mono',
              'aria-describedby': fresh ? `${id}-note` : null, dataset: { testid: 'person-link-url' } }),
            h('span', { class: 'link-actions' }, btn,
              h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': t('links.renew_for', { name: l.name }),
                disabled: busy, dataset: { focus: `renew-${l.person}`, testid: 'renew-link', person: String(l.person) },
                onclick: () => renew(l) }, t('links.renew'))),
            fresh ? h('p', { class: 'link-note', id: `${id}-note`, dataset: { testid: 'renewed-note' } },
              t('links.renewed', { name: l.name })) : null);
        })))));
  }

  // A new personal link: the old one stops working at once (the hub
  // closes its connection); the list shows the new one.
  async function renew(l) {
    if (busy) return;
    const sid = doc.id;
    const link = await renewLink({ token, sessionId: sid, person: l.person, name: l.name });
    if (!link || !links || doc?.id !== sid) return;
    links = links.map((x) => (x.person === l.person ? { ...x, link } : x));
    renewed.add(l.person);
    render();
  }

  function render() {
    const body = [
      h('div', { class: 'row between' },
        h('h2', { id: 'sessions-title' }, t('sessions.title')),
        !showForm && !doc ? h('button', { type: 'button', class: 'btn btn-primary', dataset: { testid: 'new-session' },
          onclick: () => { showForm = true; conflict = null; render(); el.querySelector('#s-name')?.focus(); } }, t('sessions.new')) : null),
      h('p', { class: 'lead' }, t('sessions.lead')),
    ];
    if (doc && doc.groups) body.push(sessionView());
    else if (showForm) body.push(newForm());
    body.push(h('h3', { class: 'list-title' }, t('sessions.list')), sessionList());
    replace(el, h('div', { class: 'card sessions-card' }, body));
  }

  async function init() {
    await loadList();
    if (doc && doc.id && !doc.groups) await open(doc.id);
  }

  return { el, render, init };
}
