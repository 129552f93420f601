// The organizer start page: create a room from a template and hand out its
// two links; the organization's rooms, listed from the hub (rooms.js:
// delete, new links, revoke); below, the sessions (a cohort split into
// groups, each with its room, steered from the console).
import { h, $, replace } from '../dom.js';
import { t, onLang, minutes, templateName } from '../i18n.js';
import { notice } from '../ui.js';
import { createSessions } from './sessions.js';
import { createRoomsList } from './rooms.js';

function api(token, path, init = {}) {
  return fetch(path, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${token}`,
    ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
}

export function mountOrganizer(token) {
  const app = $('#app');
  let templates = null;
  let chosen = null;
  let busy = false;
  const sessions = token ? createSessions({ token, templates: () => templates }) : null;
  const rooms = token ? createRoomsList({ token, templates: () => templates }) : null;

  async function create() {
    if (busy || !chosen) return;
    busy = true;
    render();
    try {
      const res = await api(token, '/api/rooms', { method: 'POST', body: JSON.stringify({ template: chosen }) });
      const body = await res.json().catch(() => ({}));
      if (res.status !== 201) throw new Error(res.status === 401 ? t('organizer.unauthorized') : (body.message || res.status));
      rooms.remember(body.room, body);
      await rooms.load();
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
      rooms ? rooms.el : null,
      sessions ? sessions.el : null));
  }

  onLang(() => { render(); sessions?.render(); rooms?.render(); });
  render();
  if (!token) return;
  sessions.render();
  rooms.render();
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
    rooms.load();
  }).catch((e) => notice(String(e), { kind: 'error' }));
}
