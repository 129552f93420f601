// Sessions, without the page: reading the people the organizer typed or
// imported, building the POST /api/sessions body, and reading a session
// document (who is who, group sizes, the edits sent back as PUT bodies).
// Pure functions: the page and the Node tests both use them.

export const DEFAULTS = { workshops: 1, alert_behind_minutes: 5, min_size: 5, max_size: 8 };

const CSV_COLUMNS = ['name', 'email', 'wants_client', 'can_facilitate', 'facilitator'];

// One CSV line into fields: comma or semicolon, double quotes around fields
// holding separators ("" inside quotes is one quote).
export function splitCsvLine(line, sep) {
  const out = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function lines(text) {
  return String(text || '').replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

// A header line naming a `name` column among the known ones, comma or
// semicolon separated: the text is CSV (as the hub reads it).
export function csvHeader(text) {
  const first = lines(text).find((l) => l.trim() !== '');
  if (!first) return null;
  if (first.trim().toLowerCase() === 'name') return { sep: ',', cols: ['name'] };
  for (const sep of [',', ';']) {
    if (!first.includes(sep)) continue;
    const cols = splitCsvLine(first, sep).map((c) => c.toLowerCase());
    if (cols.includes('name') && cols.every((c) => CSV_COLUMNS.includes(c))) return { sep, cols };
  }
  return null;
}

const YES = new Set(['yes', 'true', '1', 'oui']);
export const truthy = (v) => YES.has(String(v || '').trim().toLowerCase());

// What the organizer typed or imported → {csv} or {people}, plus the
// preview: [{name, email, wants_client, can_facilitate, facilitator}] in
// the order given (person ids are 1.. in that order).
export function readPeople(text) {
  const head = csvHeader(text);
  if (head) {
    const rows = [];
    let seenHeader = false;
    for (const l of lines(text)) {
      if (!l.trim()) continue;
      if (!seenHeader) { seenHeader = true; continue; }
      const f = splitCsvLine(l, head.sep);
      const get = (k) => { const i = head.cols.indexOf(k); return i >= 0 ? (f[i] || '') : ''; };
      rows.push({ name: get('name'), email: get('email'), wants_client: truthy(get('wants_client')),
        can_facilitate: truthy(get('can_facilitate')), facilitator: truthy(get('facilitator')) });
    }
    return { csv: String(text), preview: rows };
  }
  const people = lines(text).map((l) => l.trim()).filter(Boolean).map((name) => ({ name }));
  return { people, preview: people.map((p) => ({ name: p.name, email: '', wants_client: false,
    can_facilitate: false, facilitator: false })) };
}

const int = (v, d) => {
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : d;
};

// The new-session form as the page keeps it (numbers as typed, pairs
// being chosen): what sessionRequest() reads.
export function emptyForm() {
  return { name: '', template: '', workshops: String(DEFAULTS.workshops), rotate_facilitator: false,
    alert_behind_minutes: String(DEFAULTS.alert_behind_minutes), min_size: String(DEFAULTS.min_size),
    max_size: String(DEFAULTS.max_size), peopleText: '', apart: [], together: [], pairA: { apart: '', together: '' },
    pairB: { apart: '', together: '' } };
}

// The POST /api/sessions body. form: {name, template, workshops,
// rotate_facilitator, alert_behind_minutes, min_size, max_size, peopleText,
// apart: [[a,b]], together: [[a,b]]} (pairs of 1-based person ids).
export function sessionRequest(form) {
  const { csv, people } = readPeople(form.peopleText);
  const body = {
    name: String(form.name || '').trim(),
    workshops: int(form.workshops, DEFAULTS.workshops),
    rotate_facilitator: !!form.rotate_facilitator,
    alert_behind_minutes: int(form.alert_behind_minutes, DEFAULTS.alert_behind_minutes),
  };
  if (form.template) body.template = form.template;
  const min = int(form.min_size, DEFAULTS.min_size), max = int(form.max_size, DEFAULTS.max_size);
  if (min !== DEFAULTS.min_size || max !== DEFAULTS.max_size) { body.min_size = min; body.max_size = max; }
  if (csv !== undefined) body.csv = csv; else body.people = people;
  const pairs = (list) => (list || []).filter(([a, b]) => a && b && a !== b).map(([a, b]) => [a, b]);
  if (form.apart?.length) body.apart = pairs(form.apart);
  if (form.together?.length) body.together = pairs(form.together);
  return body;
}

// --- session documents ---

export function person(doc, id) {
  return doc?.people?.find((p) => p.id === id) || null;
}

export function personName(doc, id, fallback = '?') {
  return person(doc, id)?.name || fallback;
}

export function group(doc, id) {
  return doc?.groups?.find((g) => g.id === id) || null;
}

// An editable copy of the groups: [{id, members: [ids], facilitator}].
export function groupsDraft(doc) {
  return doc.groups.map((g) => ({ id: g.id, members: [...g.members], facilitator: g.facilitator }));
}

// Moves a person to another group of the draft. A group's facilitator who
// leaves it leaves it without one (the organizer picks another).
export function moveInDraft(draft, personId, toGroup) {
  const next = draft.map((g) => ({ ...g, members: g.members.filter((m) => m !== personId) }));
  for (const g of next) if (g.facilitator === personId && g.id !== toGroup) g.facilitator = 0;
  const target = next.find((g) => g.id === toGroup);
  if (target) target.members = [...target.members, personId].sort((a, b) => a - b);
  return next;
}

export function draftChanged(doc, draft) {
  return JSON.stringify(groupsDraft(doc)) !== JSON.stringify(draft);
}

// PUT /api/sessions/ID/groups body (a group without a chosen facilitator
// leaves the choice to the hub).
export function groupsBody(draft) {
  return { groups: draft.map((g) => (g.facilitator ? { members: g.members, facilitator: g.facilitator }
    : { members: g.members })) };
}

// PUT /api/sessions/ID/plan body from the document's groups (with edits).
export function planBody(groups) {
  return { groups: groups.map((g) => ({ plan: g.plan.map((p) => ({ client: p.client, facilitator: p.facilitator })) })) };
}

// A 422 cohort conflict → {reason, people: [names]}; ids are resolved in
// `names` (a function id → name), which differs before creation (the
// order typed) and after (the document).
export function conflictPeople(body, names) {
  return (body.people || []).map((id) => names(id) || `#${id}`);
}
