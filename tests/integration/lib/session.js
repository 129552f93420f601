// Organizations, sessions and the organizer console (proto/sessions.md):
// the HTTP API, a 40-person cohort, checks of a session document against
// the spec's rules, members joining by personal link, and a console that
// logs every update with its arrival time.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { HUB_BIN, SOURCE_ROOT } from './hub.js';
import { connect } from './ws.js';
import { Client } from './client.js';

let counter = 0;

// One API call; resolves { status, json, text } whatever the status.
export async function api(hub, method, p, body, token = hub.organizerToken) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  let data;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    data = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(`${hub.base}${p}`, { method, headers, body: data });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  return { status: res.status, json, text };
}

// Expects a status; returns the JSON body.
export async function apiOk(hub, method, p, body, status, token) {
  const r = await api(hub, method, p, body, token);
  assert.equal(r.status, status, `${method} ${p} → ${r.status} ${r.text.slice(0, 400)}`);
  return r.json;
}

export const createSession = (hub, body, token) => apiOk(hub, 'POST', '/api/sessions', body, 201, token);
export const getSession = (hub, id, token) => apiOk(hub, 'GET', `/api/sessions/${id}`, undefined, 200, token);

// --- the cohort --------------------------------------------------------

const NAMES = ['Anne', 'Bruno', 'Chloé', 'Dmitri', 'Émilie', 'Fatou', '李娜', 'Hélène', 'Ibrahim',
  'Jeanne', 'Kévin', 'Léa', 'Mathis', 'Noémie', 'Olivier', 'Pauline', 'Quentin', 'Rose',
  'Sébastien', 'Thi Mai', 'Ulrich', 'Valérie', 'William', 'Xavier', 'Yasmine', 'Zoé',
  'Amadou', 'Béatrice', 'Cédric', 'Delphine', 'Étienne', 'Florence', 'Gaël', 'Hugo',
  'Inès', 'José', 'Karima', 'Louis', 'Maëlle', 'Nathan'];

// 40 people: 1 and 2 pre-chosen facilitators, eight more who can
// facilitate (5, 10, ..., 40), volunteers for the client role everywhere
// but every third id; 7 and 11 kept apart, 9 and 12 kept together.
export function cohort40() {
  const people = NAMES.map((name, i) => {
    const id = i + 1;
    const fixed = id <= 2;
    const p = { name, wants_client: !fixed && id % 3 !== 0, can_facilitate: fixed || id % 5 === 0,
      facilitator: fixed };
    if (id % 2 === 0) p.email = `${name.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase() || 'p'}${id}@example.org`;
    return p;
  });
  return { people, apart: [[7, 11]], together: [[9, 12]], fixed: [1, 2] };
}

// The same people as CSV text. sep ',' or ';'; columns in the given
// order; booleans spelled in turn as every accepted word; names holding
// a separator are double-quoted.
export function toCsv(people, sep = ',', columns = ['name', 'email', 'wants_client', 'can_facilitate', 'facilitator']) {
  const YES = ['yes', 'true', '1', 'oui'];
  const NO = ['no', 'false', '0', 'non', ''];
  let k = 0;
  const cell = (p, c) => {
    if (c === 'name') return /[,;"]/.test(p.name) ? `"${p.name}"` : p.name;
    if (c === 'email') return p.email || '';
    const v = !!p[c];
    k++;
    return v ? YES[k % YES.length] : NO[k % NO.length];
  };
  return [columns.join(sep), ...people.map((p) => columns.map((c) => cell(p, c)).join(sep))].join('\n') + '\n';
}

// --- checking a session document ----------------------------------------

const key = (a, b) => (a < b ? `${a}-${b}` : `${b}-${a}`);

// Every pair of people sharing a group: Map "a-b" → 1.
export function pairsOf(doc) {
  const pairs = new Map();
  for (const g of doc.groups) {
    for (let i = 0; i < g.members.length; i++)
      for (let j = i + 1; j < g.members.length; j++) pairs.set(key(g.members[i], g.members[j]), 1);
  }
  return pairs;
}

export const groupOf = (doc, person) => doc.people.find((p) => p.id === person).group;

// The people who may be client of group g (proto/sessions.md via
// cohort.h): volunteers other than the fixed facilitator; everyone but
// the facilitator if nobody volunteered.
export function eligible(doc, g, facilitator = g.facilitator) {
  const person = (id) => doc.people.find((p) => p.id === id);
  const vol = g.members.filter((m) => m !== facilitator && person(m).wants_client);
  return vol.length ? vol : g.members.filter((m) => m !== facilitator);
}

// The structural rules of a session document: the request's people and
// constraints, a partition into balanced groups within [min, max], the
// facilitators, and every plan item. `counts` maps person → workshops
// already *started* as client before this plan (rotation carried over);
// fromWorkshop: plan items before this index have started (their roles
// stand) and are checked only for membership.
export function checkDocument(doc, req, { counts = new Map(), min = 5, max = 8, fromWorkshop = null } = {}) {
  const n = req.people.length;
  assert.equal(doc.people.length, n, 'people');
  doc.people.forEach((p, i) => {
    assert.equal(p.id, i + 1, 'people are numbered from 1 in order');
    assert.equal(p.name, req.people[i].name);
    assert.equal(p.email, req.people[i].email || '');
    assert.equal(p.wants_client, !!req.people[i].wants_client, `wants_client of ${p.id}`);
    assert.equal(p.can_facilitate, !!req.people[i].can_facilitate, `can_facilitate of ${p.id}`);
    assert.equal(p.facilitator, !!req.people[i].facilitator, `facilitator of ${p.id}`);
  });
  // Partition.
  const k = Math.ceil(n / max);
  assert.equal(doc.groups.length, k, 'ceil(n / max) groups');
  const seen = new Map();
  doc.groups.forEach((g, gi) => {
    assert.equal(g.id, gi + 1, 'groups are numbered from 1');
    for (const m of g.members) {
      assert.ok(!seen.has(m), `person ${m} in two groups`);
      seen.set(m, g.id);
      assert.equal(groupOf(doc, m), g.id, `people[${m}].group agrees with the group's members`);
    }
  });
  assert.equal(seen.size, n, 'everyone in a group');
  return checkGroups(doc, req, { counts, min, max, fromWorkshop, balanced: true });
}

// Constraints and plans of the current groups (also after moves).
export function checkGroups(doc, req, { counts = new Map(), min = 5, max = 8, balanced = true, fromWorkshop = null } = {}) {
  const sizes = doc.groups.map((g) => g.members.length);
  if (balanced) {
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes differ by at most one: ${sizes}`);
    for (const s of sizes) assert.ok(s >= min && s <= max, `size ${s} within ${min}..${max}`);
  }
  for (const [a, b] of req.apart || []) assert.notEqual(groupOf(doc, a), groupOf(doc, b), `keep apart ${a} and ${b}`);
  for (const [a, b] of req.together || []) assert.equal(groupOf(doc, a), groupOf(doc, b), `keep together ${a} and ${b}`);
  const fixed = req.people.map((p, i) => (p.facilitator ? i + 1 : 0)).filter(Boolean);
  const facs = doc.groups.map((g) => g.facilitator);
  for (const f of fixed) assert.ok(facs.includes(f), `pre-chosen facilitator ${f} facilitates a group`);
  assert.equal(new Set(facs).size, facs.length, 'one facilitator per group');
  for (const g of doc.groups) {
    assert.ok(g.members.includes(g.facilitator), `group ${g.id}: facilitator is a member`);
    const p = doc.people[g.facilitator - 1];
    assert.ok(p.can_facilitate || p.facilitator, `group ${g.id}: facilitator ${g.facilitator} can facilitate`);
    checkPlan(doc, g, { counts, from: fromWorkshop ?? (g.workshop || 0) });
  }
}

// One group's plan: one item per workshop; client and facilitator two
// distinct members; without rotate_facilitator the group's facilitator
// throughout; and the rotation rule: nobody is client a second time
// before every eligible member has been client once (counts carried).
export function checkPlan(doc, g, { counts = new Map(), from = 0 } = {}) {
  assert.equal(g.plan.length, doc.workshops, `group ${g.id}: one plan item per workshop`);
  const c = new Map(counts);
  g.plan.forEach((it, w) => {
    const where = `group ${g.id} workshop ${w + 1}`;
    if (w < from) return; // started: roles stand, even after a move
    assert.ok(g.members.includes(it.client), `${where}: client ${it.client} is a member`);
    assert.ok(g.members.includes(it.facilitator), `${where}: facilitator is a member`);
    assert.notEqual(it.client, it.facilitator, `${where}: facilitator ≠ client`);
    if (!doc.rotate_facilitator) assert.equal(it.facilitator, g.facilitator, `${where}: the group's facilitator`);
    const pool = eligible(doc, g, it.facilitator);
    assert.ok(pool.includes(it.client), `${where}: client ${it.client} is eligible (${pool})`);
    const fresh = pool.filter((m) => !(c.get(m) > 0));
    if (fresh.length) {
      assert.ok(!(c.get(it.client) > 0),
        `${where}: client ${it.client} again while ${fresh} never were (plan ${JSON.stringify(g.plan)})`);
    }
    c.set(it.client, (c.get(it.client) || 0) + 1);
  });
}

// --- members and the console ---------------------------------------------

export const tokenOf = (link) => link.split('#')[1];

// A Client whose welcome is applied in the same 'message' callback that
// receives it: lib/client.js applies it only once the request promise
// resolves, so room events arriving in the same read as the welcome (many
// members joining at once) are dropped there as "could not apply".
export class Member extends Client {
  async open(extraHello = {}) {
    this.ws = connect(this.hub);
    await this.ws.opened;
    const id = `h${++counter}`;
    this.ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.type === 'welcome' && msg.re === id) {
        this.state.welcome(msg);
        this.resume = msg.resume;
        this.id = msg.you.participant;
      } else if (typeof msg.seq === 'number' && !('re' in msg)) {
        if (!this.state.apply(msg)) this.errors.push(`could not apply ${msg.type} seq ${msg.seq}`);
      }
    });
    const hello = { type: 'hello', id, token: this.token, ...extraHello };
    if (this.name && !hello.resume) hello.name = this.name;
    return this.ws.request(hello);
  }
}

// A person joining by their personal link; `name` is deliberately wrong
// (the hub names them from the session).
export function member(hub, link, name = 'Not My Name') {
  const c = new Member(hub, tokenOf(link), name);
  c.link = link;
  return c;
}

// Opens (or reopens after 4005) without a resume secret.
export async function join(c) {
  const w = await c.open();
  assert.equal(w.type, 'welcome', `join: ${JSON.stringify(w)}`);
  c.welcome = w;
  c.closedCode = c.ws.closed.then((x) => x.code);
  return w;
}

export async function untilState(c, pred, what, timeoutMs = 5000) {
  const t = Date.now();
  while (!pred(c.state.room)) {
    if (Date.now() - t > timeoutMs) throw new Error(`${c.name}: ${what} not seen in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export class Console {
  constructor(hub, token = hub.organizerToken) {
    this.hub = hub;
    this.token = token;
    this.log = []; // { t, msg } in arrival order
    this.waiters = new Set();
  }

  // Sends console.watch; resolves the reply (snapshot or error).
  async watch(session, extra = {}) {
    this.ws = connect(this.hub);
    await this.ws.opened;
    this.ws.on('message', (data) => {
      this.log.push({ t: performance.now(), msg: JSON.parse(data.toString()) });
      for (const w of [...this.waiters]) w();
    });
    const id = `cw${++counter}`;
    this.ws.send(JSON.stringify({ type: 'console.watch', id, token: this.token, session, ...extra }));
    const reply = await this.ws.next((m) => m.re === id);
    this.snapshot = reply;
    return reply;
  }

  mark() { return this.log.length; }

  // The first logged message from index `from` on matching pred:
  // resolves { t, msg, i }.
  wait(pred, { from = 0, timeoutMs = 5000, what = 'console message' } = {}) {
    return new Promise((resolve, reject) => {
      let i = from;
      const check = () => {
        for (; i < this.log.length; i++) {
          if (pred(this.log[i].msg)) {
            this.waiters.delete(check);
            clearTimeout(timer);
            resolve({ ...this.log[i], i });
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const tail = this.log.slice(-5).map((e) => JSON.stringify(e.msg).slice(0, 300));
        reject(new Error(`console: ${what} not seen in ${timeoutMs} ms; last: ${tail.join('\n')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  room(group, pred = () => true, opts = {}) {
    return this.wait((m) => m.type === 'console.room' && m.group === group && pred(m),
      { what: `console.room of group ${group}`, ...opts });
  }

  session(pred = () => true, opts = {}) {
    return this.wait((m) => m.type === 'console.session' && pred(m.session), { what: 'console.session', ...opts });
  }

  // Every console.room of a group, in order.
  rooms(group) {
    return this.log.filter((e) => e.msg.type === 'console.room' && e.msg.group === group).map((e) => e.msg);
  }

  close() {
    this.ws.close();
    return this.ws.closed;
  }
}

export const personIn = (summary, name) => summary.people.find((p) => p.name === name);

// --- organizations ------------------------------------------------------

// `codevhub --config FILE org create NAME` against the hub's own config
// file; resolves { token, stdout, stderr, code } (token null when the
// command printed no link).
export function orgCreate(hub, name) {
  const args = hub.child.spawnargs;
  const cfg = args[args.indexOf('--config') + 1];
  return new Promise((resolve) => {
    const child = spawn(HUB_BIN, ['--config', cfg, 'org', 'create', name], { cwd: SOURCE_ROOT });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const m = stdout.match(/#([A-Za-z0-9_-]{20,})/);
      resolve({ token: m ? m[1] : null, stdout, stderr, code });
    });
  });
}

export const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
