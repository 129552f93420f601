// What the sessions card asks the hub (HTTP API): the list of sessions, a
// session's document and its personal links; create, save the groups or
// the plan, start, delete; renew a link. A refusal of the cohort (422) is
// kept in ctx.conflict and shown; other errors are a notice.
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { notice, announce, confirmDialog } from '../../ui.js';
import { renewLink } from '../person-link.js';
import { readPeople, sessionRequest, groupsDraft, groupsBody, planBody, person, conflictPeople,
  emptyForm, DEFAULTS } from '../../sessions.js';

const SELECTED_KEY = 'codev.organizer.session';
const SIZES_KEY = 'codev.organizer.sizes';

// The open session as the page left it (only its id), to open again.
export const storedDoc = () => JSON.parse(sessionStorage.getItem(SELECTED_KEY) || 'null');
// Group sizes asked for at creation, by session id: {min, max}.
export const storedSizes = () => JSON.parse(sessionStorage.getItem(SIZES_KEY) || '{}');

// The open session document, with the editable copies of its groups
// (draft sessions only) and its plan.
export function setDoc(ctx, d) {
  ctx.doc = d;
  ctx.draft = d && d.state === 'draft' ? groupsDraft(d) : null;
  ctx.plan = d ? d.groups.map((g) => ({ id: g.id, plan: g.plan.map((p) => ({ ...p })) })) : null;
  if (d) sessionStorage.setItem(SELECTED_KEY, JSON.stringify({ id: d.id })); else sessionStorage.removeItem(SELECTED_KEY);
}

export async function loadList(ctx) {
  const r = await api(ctx.token, '/api/sessions');
  if (r.status === 200) ctx.list = r.body.sessions || [];
  else ctx.list = [];
  ctx.render();
}

async function loadLinks(ctx) {
  const r = await api(ctx.token, `/api/sessions/${ctx.doc.id}/links`);
  ctx.links = r.status === 200 ? r.body.links : [];
}

// The open session again, quietly (another tab changed it, or the poll):
// its document, links and the list; redrawn only when something changed
// and nothing is being edited or asked.
export async function refresh(ctx) {
  const id = ctx.doc?.id;
  if (!id || !ctx.doc.groups || ctx.busy || ctx.doc.state !== 'running' || document.querySelector('dialog[open]')) return;
  if (ctx.plan && JSON.stringify(planBody(ctx.plan)) !== JSON.stringify(planBody(ctx.doc.groups))) return; // edits under way
  const r = await api(ctx.token, `/api/sessions/${id}`);
  if (r.status !== 200 || ctx.doc?.id !== id || ctx.busy) return;
  const l = await api(ctx.token, `/api/sessions/${id}/links`);
  const links = l.status === 200 ? l.body.links : ctx.links;
  if (JSON.stringify(r.body) === JSON.stringify(ctx.doc) && JSON.stringify(links) === JSON.stringify(ctx.links)) return;
  setDoc(ctx, r.body);
  ctx.links = links;
  await loadList(ctx);
  announce(t('sessions.refreshed'));
}

export async function open(ctx, id) {
  const r = await api(ctx.token, `/api/sessions/${id}`);
  if (r.status !== 200) { setDoc(ctx, null); ctx.render(); return; }
  setDoc(ctx, r.body);
  ctx.conflict = null;
  ctx.links = null;
  ctx.renewed.clear();
  if (ctx.doc.state === 'running') await loadLinks(ctx);
  ctx.render();
  ctx.el.querySelector('#session-title')?.focus();
}

// names: person id -> name, to name the people a conflict is about.
function failed(ctx, r, names) {
  if (r.status === 422 && r.body.cohort) {
    ctx.conflict = { reason: r.body.cohort, people: conflictPeople(r.body, names), message: r.body.message || '' };
    ctx.render();
    const box = ctx.el.querySelector('[data-testid="conflict"]');
    box?.focus();
    return;
  }
  ctx.conflict = null;
  const why = r.status === 0 ? t('sessions.err.network') : r.status === 401 ? t('organizer.unauthorized')
    : r.status === 409 ? t('sessions.err.state') : (r.body.message || String(r.status));
  notice(t('sessions.err.action', { why }), { kind: 'error' });
  ctx.render();
}

const docNames = (ctx) => (id) => person(ctx.doc, id)?.name;

function created(ctx, body) {
  const { form, sizes } = ctx;
  sizes[body.id] = { min: Number(form.min_size) || DEFAULTS.min_size, max: Number(form.max_size) || DEFAULTS.max_size };
  sessionStorage.setItem(SIZES_KEY, JSON.stringify(sizes));
  setDoc(ctx, body);
  ctx.conflict = null;
  ctx.form = emptyForm();
  ctx.showForm = false;
  announce(t('sessions.created', { n: ctx.doc.groups.length }));
  loadList(ctx);
  ctx.render();
  ctx.el.querySelector('#session-title')?.focus();
}

export async function create(ctx) {
  if (ctx.creating) return;
  const { preview } = readPeople(ctx.form.peopleText);
  if (!ctx.form.name.trim()) { notice(t('sessions.need_name'), { kind: 'error' }); ctx.el.querySelector('#s-name')?.focus(); return; }
  if (!preview.length) { notice(t('sessions.need_people'), { kind: 'error' }); ctx.el.querySelector('#s-people')?.focus(); return; }
  ctx.creating = true;
  ctx.render();
  const r = await api(ctx.token, '/api/sessions', { method: 'POST', body: sessionRequest(ctx.form) });
  ctx.creating = false;
  if (r.status === 201) { created(ctx, r.body); return; }
  failed(ctx, r, (id) => preview[id - 1]?.name);
}

// PUT /api/sessions/ID/<what> with body(); savedKey: the notice once done.
async function save(ctx, what, body, savedKey) {
  if (ctx.busy) return;
  ctx.busy = true;
  ctx.render();
  const r = await api(ctx.token, `/api/sessions/${ctx.doc.id}/${what}`, { method: 'PUT', body: body() });
  ctx.busy = false;
  if (r.status === 200) {
    setDoc(ctx, r.body);
    ctx.conflict = null;
    notice(t(savedKey));
    ctx.render();
    return;
  }
  failed(ctx, r, docNames(ctx));
}

export const saveGroups = (ctx) => save(ctx, 'groups', () => groupsBody(ctx.draft), 'sessions.groups_saved');
export const savePlan = (ctx) => save(ctx, 'plan', () => planBody(ctx.plan), 'sessions.plan_saved');

export async function start(ctx) {
  const yes = await confirmDialog({ title: t('sessions.start.title'),
    text: t('sessions.start.text', { n: ctx.doc.groups.length }), ok: t('sessions.start.ok') });
  if (!yes || ctx.busy) return;
  ctx.busy = true;
  ctx.render();
  const r = await api(ctx.token, `/api/sessions/${ctx.doc.id}/start`, { method: 'POST' });
  ctx.busy = false;
  if (r.status !== 200) { failed(ctx, r, docNames(ctx)); return; }
  setDoc(ctx, r.body);
  await loadLinks(ctx);
  loadList(ctx);
  ctx.render();
  announce(t('sessions.started', { n: ctx.doc.groups.length }));
  ctx.el.querySelector('[data-testid="open-console"]')?.focus();
}

export async function remove(ctx) {
  const { doc } = ctx;
  const yes = await confirmDialog({ title: t('sessions.delete.title', { name: doc.name }),
    text: t(doc.state === 'running' ? 'sessions.delete.text_running' : 'sessions.delete.text'), ok: t('sessions.delete.ok') });
  if (!yes) return;
  const r = await api(ctx.token, `/api/sessions/${ctx.doc.id}`, { method: 'DELETE' });
  if (r.status !== 204) { failed(ctx, r, () => null); return; }
  setDoc(ctx, null);
  ctx.links = null;
  loadList(ctx);
  ctx.render();
}

// A new personal link: the old one stops working at once (the hub
// closes its connection); the list shows the new one.
export async function renew(ctx, l) {
  if (ctx.busy) return;
  const sid = ctx.doc.id;
  const link = await renewLink({ token: ctx.token, sessionId: sid, person: l.person, name: l.name });
  if (!link || !ctx.links || ctx.doc?.id !== sid) return;
  ctx.links = ctx.links.map((x) => (x.person === l.person ? { ...x, link } : x));
  ctx.renewed.add(l.person);
  ctx.render();
}
