// The organizer start page: create a room from a template and hand out its
// two links; below, the sessions (a cohort split into groups, each with its
// room, steered from the console).
import { h, $, replace } from '../dom.js';
import { t, onLang, minutes, templateName } from '../i18n.js';
import { notice } from '../ui.js';
import { createSessions } from './sessions.js';

const ROOMS_KEY = 'codev.organizer.rooms';

function api(token, path, init = {}) {
  return fetch(path, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${token}`,
    ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const field = button.parentElement.querySelector('input');
    field.select();
    document.execCommand('copy');
  }
  const label = button.textContent;
  button.textContent = t('organizer.copied');
  setTimeout(() => { button.textContent = label; }, 1500);
}

function linkRow(kind, url) {
  const id = `link-${kind}-${Math.random().toString(36).slice(2, 8)}`;
  const btn = h('button', { type: 'button', class: 'btn btn-small', dataset: { testid: `copy-${kind}` } },
    t('organizer.copy'));
  btn.addEventListener('click', () => copy(url, btn));
  return h('div', { class: 'link-row' },
    h('label', { for: id }, t(`organizer.link.${kind}`)),
    h('p', { class: 'hint' }, t(`organizer.link.${kind}.hint`)),
    h('div', { class: 'row' },
      h('input', { id, type: 'text', readonly: true, value: url, class: 'mono', dataset: { testid: `link-${kind}` } }),
      btn));
}

function roomCard(r) {
  return h('li', { class: 'card room-created', dataset: { testid: 'created-room', room: r.room } },
    h('h3', {}, t('organizer.room', { id: r.room })),
    h('p', { class: 'muted' }, r.templateName || r.template),
    linkRow('facilitator', r.facilitator_link),
    linkRow('participant', r.participant_link),
    h('p', {}, h('a', { href: r.facilitator_link, target: '_blank', rel: 'noopener' }, t('organizer.open'))));
}

export function mountOrganizer(token) {
  const app = $('#app');
  let templates = null;
  let chosen = null;
  let busy = false;
  const rooms = JSON.parse(sessionStorage.getItem(ROOMS_KEY) || '[]');
  const sessions = token ? createSessions({ token, templates: () => templates }) : null;

  async function create() {
    if (busy || !chosen) return;
    busy = true;
    render();
    try {
      const res = await api(token, '/api/rooms', { method: 'POST', body: JSON.stringify({ template: chosen }) });
      const body = await res.json().catch(() => ({}));
      if (res.status !== 201) throw new Error(res.status === 401 ? t('organizer.unauthorized') : (body.message || res.status));
      const tpl = templates.find((x) => x.id === chosen);
      rooms.unshift({ ...body, templateName: tpl ? templateName(tpl) : '' });
      sessionStorage.setItem(ROOMS_KEY, JSON.stringify(rooms));
    } catch (e) {
      notice(t('organizer.create_failed', { why: e.message }), { kind: 'error' });
    }
    busy = false;
    render();
    app.querySelector('[data-testid="link-facilitator"]')?.focus();
  }

  function templateOption(tpl) {
    const total = tpl.steps.reduce((a, s) => a + s.duration_ms, 0);
    const id = `tpl-${tpl.id}`;
    return h('li', { class: 'tpl' },
      h('input', { type: 'radio', name: 'template', id, value: tpl.id, checked: tpl.id === chosen,
        onchange: () => { chosen = tpl.id; } }),
      h('label', { for: id },
        h('strong', {}, templateName(tpl)),
        h('span', { class: 'muted' }, ` · ${minutes(total)} · ${t('organizer.steps', { n: tpl.steps.length })}`),
        h('span', { class: 'tpl-steps' }, tpl.steps.map((s) =>
          h('span', { class: 'chip' }, `${t(`step.${s.kind}.short`)} ${minutes(s.duration_ms)}`)))));
  }

  function render() {
    if (!token) {
      replace(app, h('section', { class: 'card narrow' },
        h('h1', {}, t('organizer.title')), h('p', {}, t('organizer.no_token'))));
      return;
    }
    const form = h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); create(); } },
      h('h2', {}, t('organizer.new_room')),
      templates === null ? h('p', { class: 'muted' }, t('app.loading'))
        : h('fieldset', {}, h('legend', {}, t('organizer.template')),
          h('ul', { class: 'tpl-list' }, templates.map(templateOption))),
      h('button', { type: 'submit', class: 'btn btn-primary', disabled: busy || !templates,
        dataset: { testid: 'create-room' } }, busy ? t('organizer.creating') : t('organizer.create')));
    replace(app, h('div', { class: 'page organizer' },
      h('h1', {}, t('organizer.title')),
      h('p', { class: 'lead' }, t('organizer.lead')),
      form,
      rooms.length ? h('h2', {}, t('organizer.rooms')) : null,
      h('ul', { class: 'plain stack' }, rooms.map(roomCard)),
      sessions ? sessions.el : null));
  }

  onLang(() => { render(); sessions?.render(); });
  render();
  if (!token) return;
  sessions.render();
  api(token, '/api/templates').then(async (res) => {
    if (res.status === 401) {
      replace(app, h('section', { class: 'card narrow' },
        h('h1', {}, t('organizer.title')), h('p', {}, t('organizer.unauthorized'))));
      return;
    }
    templates = (await res.json()).templates;
    chosen = templates.find((x) => x.id === 'codev-90')?.id || templates[0]?.id;
    render();
    sessions.render();
    sessions.init();
  }).catch((e) => notice(String(e), { kind: 'error' }));
}
