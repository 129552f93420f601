// Sessions, live (proto/sessions.md): 40 people join 5 rooms by their
// personal links while the organizer's console watches. Five facilitators
// drive their rooms through every step and timer state at once; the
// console sees each change (its latency is printed as a TAP comment).
// Then the organizer's actions: broadcast and plenary countdown, help
// requests, moving a person, the next workshop, new meetings (report-back
// step, rotation, reshuffle), revoking and re-issuing a personal link,
// deleting the session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startHub, SOURCE_ROOT } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { api, apiOk, createSession, getSession, cohort40, checkGroups, groupOf, pairsOf, member, join,
  untilState, tokenOf, Console, personIn, pct, sleep } from './lib/session.js';

const TEMPLATE = JSON.parse(readFileSync(path.join(SOURCE_ROOT, 'config', 'templates', 'codev-90.json'), 'utf8'));
const KINDS = TEMPLATE.steps.map((s) => s.kind);
const C = cohort40();
const req = { name: 'Atelier en direct', template: 'codev-90', workshops: 2,
  people: C.people, apart: C.apart, together: C.together };

let hub, doc, links, con;
const M = new Map(); // person id → Client
const counts = new Map(); // person id → workshops started as client
const nameOf = (id) => C.people[id - 1].name;
const countStarted = (g) => { const c = g.plan[g.workshop - 1].client; counts.set(c, (counts.get(c) || 0) + 1); };
const groupDoc = (g) => doc.groups[g - 1];
const membersOf = (g) => groupDoc(g).members.map((id) => M.get(id));
const facilitatorOf = (g) => M.get(groupDoc(g).plan[groupDoc(g).workshop - 1].facilitator);
const plannedClient = (g) => groupDoc(g).plan[groupDoc(g).workshop - 1].client;
const sessionPath = (p = '') => `/api/sessions/${doc.id}${p}`;
const special = new Set([1, 2, 7, 9, 11, 12]);

before(async () => {
  hub = await startHub();
  const draft = await createSession(hub, req);
  doc = await apiOk(hub, 'POST', `/api/sessions/${draft.id}/start`, undefined, 200);
  for (const g of doc.groups) countStarted(g);
  links = (await apiOk(hub, 'GET', sessionPath('/links'), undefined, 200)).links;
  con = new Console(hub);
});
after(async () => {
  for (const c of M.values()) if (c.ws && c.ws.readyState === 1) c.ws.close();
  if (con?.ws) con.ws.close();
  await hub.stop();
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
});

// Waits until every open member of group g sees the room settle: all
// members connected, the planned client and facilitator in their roles.
async function settled(g) {
  const f = facilitatorOf(g);
  const gd = groupDoc(g);
  const client = nameOf(plannedClient(g));
  const facilitator = nameOf(gd.plan[gd.workshop - 1].facilitator);
  const names = gd.members.map(nameOf);
  const role = (room, n) => room.participants.find((p) => p.name === n)?.role;
  await untilState(f, (room) => names.every((n) => room.participants.some((p) => p.name === n && p.connected)) &&
    role(room, client) === 'client' && role(room, facilitator) === 'facilitator', `group ${g} settled`);
}

test('console.watch: a snapshot of the session and its 5 rooms', async () => {
  const snap = await con.watch(doc.id);
  assert.equal(snap.type, 'console.snapshot', JSON.stringify(snap).slice(0, 300));
  assert.equal(snap.session.id, doc.id);
  assert.deepEqual(snap.session.groups, doc.groups);
  assert.equal(snap.rooms.length, 5);
  for (const r of snap.rooms) {
    const g = groupDoc(r.group);
    assert.ok(g, `group ${r.group}`);
    assert.equal(r.room, g.room);
    assert.equal(r.workshop, 1);
    assert.equal(r.workshops, 2);
    assert.equal(r.meeting, 1);
    assert.equal(r.step, 0);
    assert.equal(r.n_steps, 6);
    assert.equal(r.step_kind, 'presentation');
    assert.equal(r.timer.status, 'idle');
    assert.equal(r.timer.duration_ms, TEMPLATE.steps[0].minutes * 60000);
    assert.equal(r.behind_ms, 0);
    assert.ok(r.alerts.includes('no_facilitator'), `nobody connected yet: ${r.alerts}`);
    assert.equal(typeof r.seq, 'number');
  }
  assert.deepEqual(snap.rooms.map((r) => r.group).sort(), [1, 2, 3, 4, 5]);
});

test('40 people join by their personal links: named from the session, in their planned roles', async () => {
  assert.equal(links.length, 40);
  const welcomes = await Promise.all(links.map(async (l) => {
    const c = member(hub, l.link);
    M.set(l.person, c);
    return [l, await join(c)];
  }));
  for (const [l, w] of welcomes) {
    const g = groupDoc(l.group);
    assert.deepEqual(w.session, { id: doc.id, group: l.group, workshop: 1, workshops: 2, meeting: 1 }, l.name);
    assert.equal(w.room.id, g.room, `${l.name} lands in group ${l.group}'s room`);
    const me = w.room.participants.find((p) => p.id === w.you.participant);
    assert.equal(me.name, l.name, 'the hub names the person from the session');
    if (l.person === g.plan[0].facilitator) assert.equal(w.you.role, 'facilitator', `${l.name} facilitates`);
    else assert.ok(['consultant', 'client'].includes(w.you.role), `${l.name}: ${w.you.role}`);
  }
  for (let g = 1; g <= 5; g++) {
    await settled(g);
    const room = facilitatorOf(g).state.room;
    assert.equal(room.participants.length, 8, `group ${g}: one participant per person`);
    for (const p of room.participants) {
      const id = doc.people.find((x) => x.name === p.name).id;
      const want = id === groupDoc(g).plan[0].facilitator ? 'facilitator' : id === plannedClient(g) ? 'client' : 'consultant';
      assert.equal(p.role, want, `group ${g}: ${p.name}`);
    }
  }
  // The console: everyone connected, the planned roles, no alert.
  await Promise.all([1, 2, 3, 4, 5].map((g) => con.room(g, (r) => r.people.length === 8 &&
    r.people.every((p) => p.connected) && r.client?.name === nameOf(plannedClient(g)) && r.client.connected &&
    r.facilitator?.name === nameOf(groupDoc(g).facilitator) && r.facilitator.connected &&
    !r.alerts.includes('no_facilitator'))));
});

test('5 rooms at once through every step and timer state; the console sees each change', async (t) => {
  const from = con.mark();
  const latencies = [];
  async function drive(g) {
    const f = facilitatorOf(g);
    const last = () => con.rooms(g).at(-1);
    async function cmd(type, fields, pred, what) {
      const mark = con.mark();
      const t0 = performance.now();
      const ack = f.send(type, fields);
      const seen = await con.room(g, pred, { from: mark, what: `group ${g}: ${what}` });
      latencies.push(seen.t - t0);
      const a = await ack;
      assert.equal(a.type, 'ack', `group ${g} ${type}: ${JSON.stringify(a)}`);
      return seen.msg;
    }
    for (let s = 0; s < 6; s++) {
      const at = (status) => (m) => m.step === s && m.timer.status === status;
      let m = await cmd('timer.start', {}, at('running'), `step ${s} running`);
      assert.equal(m.step_kind, KINDS[s]);
      assert.equal(m.n_steps, 6);
      await cmd('timer.pause', {}, at('paused'), `step ${s} paused`);
      await cmd('timer.resume', {}, at('running'), `step ${s} resumed`);
      const d = last().timer.duration_ms;
      m = await cmd('timer.extend', { minutes: 1 }, (x) => x.step === s && x.timer.duration_ms > d, `step ${s} extended`);
      assert.equal(m.timer.duration_ms, d + 60000);
      if (s < 5) await cmd('step.next', { confirm: true }, (x) => x.step === s + 1 && x.timer.status === 'idle', `step ${s + 1}`);
    }
    await cmd('timer.reset', {}, (x) => x.step === 5 && x.timer.status === 'idle', 'reset');
  }
  await Promise.all([1, 2, 3, 4, 5].map(drive));
  // Collected per room: every step index reached, every timer status at
  // every step, in order, ending on the last step with an idle timer.
  for (let g = 1; g <= 5; g++) {
    const log = con.log.slice(from).filter((e) => e.msg.type === 'console.room' && e.msg.group === g).map((e) => e.msg);
    const states = log.map((m) => `${m.step}:${m.timer.status}`);
    for (let s = 0; s < 6; s++) {
      for (const st of ['running', 'paused']) assert.ok(states.includes(`${s}:${st}`), `group ${g}: ${s}:${st} in ${states}`);
      if (s) assert.ok(states.includes(`${s}:idle`), `group ${g}: step ${s} reached`);
    }
    for (let i = 1; i < log.length; i++) assert.ok(log[i].step >= log[i - 1].step, `group ${g}: steps in order`);
    assert.equal(states.at(-1), '5:idle');
    assert.ok(log.every((m) => m.room === groupDoc(g).room));
    // Every member of the room is there too.
    for (const c of membersOf(g)) {
      await untilState(c, (room) => room.step === 5 && room.timer.status === 'idle', `${c.name} at the end`);
    }
  }
  latencies.sort((a, b) => a - b);
  t.diagnostic(`console update latency (facilitator send → console.room), ${latencies.length} commands in 5 rooms: ` +
    `p50 ${pct(latencies, 0.5).toFixed(2)} ms, p99 ${pct(latencies, 0.99).toFixed(2)} ms, max ${latencies.at(-1).toFixed(2)} ms`);
});

test('room summary: timer is the room\'s timer object, deadline_ms wall-clock while running', () => {
  const summaries = con.log.map((e) => e.msg).filter((m) => m.type === 'console.room');
  const running = summaries.filter((m) => m.timer.status === 'running');
  assert.ok(running.length >= 5);
  for (const m of [...con.snapshot.rooms, ...summaries]) {
    for (const k of ['status', 'step', 'duration_ms', 'remaining_ms', 'overrun_ms']) assert.ok(k in m.timer, `timer.${k} in ${JSON.stringify(m.timer)}`);
    assert.equal(m.timer.step, m.step);
    assert.equal('deadline_ms' in m.timer, m.timer.status === 'running', JSON.stringify(m.timer));
  }
  for (const m of running) {
    const encoded = m.timer.deadline_ms - m.timer.remaining_ms; // the hub's wall clock when it wrote it
    assert.ok(encoded <= Date.now() + 1000 && encoded > Date.now() - 600000, `deadline_ms ${m.timer.deadline_ms}`);
  }
  // The last summary of each room carries the same timer as its members see.
  for (let g = 1; g <= 5; g++) {
    const last = con.rooms(g).at(-1);
    const room = facilitatorOf(g).state.room;
    assert.deepEqual({ status: last.timer.status, step: last.timer.step, duration_ms: last.timer.duration_ms },
      { status: room.timer.status, step: room.timer.step, duration_ms: room.timer.duration_ms });
    assert.equal(last.seq, facilitatorOf(g).state.seq, 'summary seq = room seq');
  }
});

test('no_facilitator alert: the facilitator leaves and comes back', async () => {
  const f = facilitatorOf(5);
  const mark = con.mark();
  await f.close();
  await con.room(5, (r) => r.alerts.includes('no_facilitator') && r.facilitator?.connected === false, { from: mark });
  const mark2 = con.mark();
  await join(f);
  await con.room(5, (r) => !r.alerts.includes('no_facilitator') && r.facilitator?.connected === true, { from: mark2 });
});

test('broadcast and plenary reach every member of every room; a late joiner gets both after its welcome', async () => {
  const text = 'Retour en plénière dans 5 minutes ✓';
  const members = [...M.values()];
  const t0 = Date.now();
  let r = await api(hub, 'POST', sessionPath('/broadcast'), { text });
  assert.equal(r.status, 204, r.text);
  const banners = await Promise.all(members.map((c) => c.ws.next((m) => m.type === 'session.banner' && m.text === text)));
  for (const b of banners) {
    assert.ok(Math.abs(b.at - t0) < 5000, `banner at ${b.at}`);
    assert.equal(b.seq, undefined, 'not a room event');
  }
  await con.session((s) => s.banner?.text === text);
  r = await api(hub, 'POST', sessionPath('/plenary'), { minutes: 5 });
  assert.equal(r.status, 204, r.text);
  const plenaries = await Promise.all(members.map((c) => c.ws.next((m) => m.type === 'session.plenary' && m.at !== null)));
  const at = plenaries[0].at;
  assert.ok(Math.abs(at - (t0 + 300000)) < 5000, `plenary at ${at}, now ${t0}`);
  for (const p of plenaries) assert.equal(p.at, at, 'one countdown for every room');
  await con.session((s) => s.plenary_at === at);
  const now = await getSession(hub, doc.id);
  assert.equal(now.banner.text, text);
  assert.equal(now.plenary_at, at);

  // A late joiner (a fresh connection, no resume).
  const late = M.get(groupDoc(4).members.find((id) => id !== groupDoc(4).facilitator && id !== plannedClient(4) && !special.has(id)));
  await late.close();
  await join(late);
  const b = await late.ws.next((m) => m.type === 'session.banner', 2000);
  const p = await late.ws.next((m) => m.type === 'session.plenary', 2000);
  assert.equal(b.text, text);
  assert.equal(b.at, banners[0].at);
  assert.equal(p.at, at);

  // Bounds.
  for (const [p2, body, field] of [['/broadcast', { text: 'x'.repeat(501) }, 'text'], ['/plenary', { minutes: 181 }, 'minutes'],
    ['/plenary', { minutes: -1 }, 'minutes'], ['/broadcast', {}, 'text'], ['/plenary', { minutes: 1, x: 1 }, 'x']]) {
    const e = await api(hub, 'POST', sessionPath(p2), body);
    assert.equal(e.status, 400, `${p2} ${JSON.stringify(body).slice(0, 40)}: ${e.text}`);
    assert.equal(e.json.code, 'bad_field');
    assert.equal(e.json.field, field);
  }
  assert.equal((await api(hub, 'POST', sessionPath('/broadcast'), { text: 'y'.repeat(500) })).status, 204, '500 chars');
  await Promise.all(members.map((c) => c.ws.next((m) => m.type === 'session.banner' && m.text.length === 500)));

  // Clearing reaches everyone; a rejoin then gets neither.
  assert.equal((await api(hub, 'POST', sessionPath('/broadcast'), { text: '' })).status, 204);
  assert.equal((await api(hub, 'POST', sessionPath('/plenary'), { minutes: 0 })).status, 204);
  await Promise.all(members.map((c) => c.ws.next((m) => m.type === 'session.banner' && m.text === '')));
  await Promise.all(members.map((c) => c.ws.next((m) => m.type === 'session.plenary' && m.at === null)));
  const cleared = await getSession(hub, doc.id);
  assert.equal(cleared.banner, null);
  assert.equal(cleared.plenary_at, null);
  await late.close();
  await join(late);
  await sleep(500);
  assert.deepEqual(late.ws.inbox.filter((m) => m.type?.startsWith('session.')), [], 'nothing to repeat once cleared');
});

test('help.request: the console gets it with the room context; resolve removes it; a plain room gets not_found', async () => {
  const g = 2;
  const asker = M.get(groupDoc(g).members.find((id) => id !== groupDoc(g).facilitator && id !== plannedClient(g)));
  const mark = con.mark();
  const t0 = Date.now();
  const ack = await asker.send('help.request', { message: 'Le contrat n’est pas clair' });
  assert.equal(ack.type, 'ack', JSON.stringify(ack));
  const { msg: h } = await con.wait((m) => m.type === 'console.help', { from: mark, what: 'console.help' });
  assert.equal(typeof h.id, 'number');
  assert.equal(h.group, g);
  assert.equal(h.room, groupDoc(g).room);
  assert.equal(h.person, asker.welcome.room.participants.find((p) => p.id === asker.id).name);
  assert.equal(h.message, 'Le contrat n’est pas clair');
  assert.equal(h.step, 5);
  assert.equal(h.step_kind, 'learnings');
  assert.equal(h.remaining_ms, asker.state.room.timer.remaining_ms, 'the room\'s (idle) timer');
  assert.ok(Math.abs(h.at - t0) < 5000);
  await con.session((s) => s.help.some((x) => x.id === h.id), { from: mark });
  let now = await getSession(hub, doc.id);
  const { type, ...item } = h;
  assert.deepEqual(now.help.find((x) => x.id === h.id), item);

  // Without a message, from another room.
  const other = M.get(groupDoc(4).facilitator);
  assert.equal((await other.send('help.request')).type, 'ack');
  const { msg: h2 } = await con.wait((m) => m.type === 'console.help' && m.id !== h.id, { from: mark });
  assert.equal(h2.group, 4);
  // Too long a message.
  const long = await asker.send('help.request', { message: 'x'.repeat(501) });
  assert.equal(long.code, 'bad_field');
  assert.equal(long.field, 'message');

  const mark2 = con.mark();
  let r = await api(hub, 'POST', sessionPath(`/help/${h.id}/resolve`));
  assert.equal(r.status, 204, r.text);
  now = await getSession(hub, doc.id);
  assert.ok(!now.help.some((x) => x.id === h.id), 'resolved: gone from the session document');
  assert.ok(now.help.some((x) => x.id === h2.id));
  await con.session((s) => !s.help.some((x) => x.id === h.id), { from: mark2 });
  r = await api(hub, 'POST', sessionPath(`/help/${h.id}/resolve`));
  assert.equal(r.status, 404, `resolved twice: ${r.text}`);
  assert.equal((await api(hub, 'POST', sessionPath(`/help/${h2.id}/resolve`))).status, 204);

  // A room outside any session.
  const room = await createRoom(hub);
  const plain = new Client(hub, room.participantToken, 'Solo');
  await plain.open();
  const nf = await plain.send('help.request', { message: 'help' });
  assert.equal(nf.type, 'error');
  assert.equal(nf.code, 'not_found');
  plain.ws.close();
});

test('move a person: closed 4005, the same link lands in the new room, both rooms and the console agree', async () => {
  const from = 1, to = 2;
  const pid = groupDoc(from).members.find((id) => id !== groupDoc(from).facilitator &&
    !groupDoc(from).plan.some((it) => it.client === id) && !special.has(id));
  const p = M.get(pid), name = nameOf(pid);
  const mark = con.mark();
  const moved = await apiOk(hub, 'POST', sessionPath(`/people/${pid}/move`), { group: to }, 200);
  assert.equal(groupOf(moved, pid), to);
  assert.ok(moved.groups[to - 1].members.includes(pid));
  assert.ok(!moved.groups[from - 1].members.includes(pid));
  assert.equal(moved.groups[from - 1].room, groupDoc(from).room, 'rooms stay');
  checkGroups(moved, req, { counts, balanced: false });
  doc = moved;
  assert.equal(await p.closedCode, 4005);
  const w = await join(p);
  assert.equal(w.session.group, to);
  assert.equal(w.room.id, groupDoc(to).room);
  assert.equal(w.you.role, 'consultant');
  assert.equal(w.room.participants.find((x) => x.id === w.you.participant).name, name);
  // The old room shows them away, the new one present; nowhere else.
  await untilState(facilitatorOf(from), (room) => room.participants.find((x) => x.name === name)?.connected === false, 'away in the old room');
  await untilState(facilitatorOf(to), (room) => room.participants.find((x) => x.name === name)?.connected === true, 'present in the new room');
  for (let g = 1; g <= 5; g++) {
    const here = facilitatorOf(g).state.room.participants.find((x) => x.name === name);
    if (g === to) assert.equal(here.connected, true);
    else assert.ok(!here?.connected, `not connected in group ${g}'s room`);
  }
  await con.room(from, (r) => !personIn(r, name)?.connected, { from: mark, what: 'old room: away' });
  await con.room(to, (r) => personIn(r, name)?.connected === true, { from: mark, what: 'new room: present' });
  await con.session((s) => s.people[pid - 1].group === to, { from: mark });

  // Keep-apart pairs hold while running.
  const r = await api(hub, 'POST', sessionPath('/people/7/move'), { group: groupOf(doc, 11) });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.cohort, 'apart');
  assert.deepEqual([...r.json.people].sort((a, b) => a - b), [7, 11]);
  assert.equal(groupOf(await getSession(hub, doc.id), 7), groupOf(doc, 7), 'nothing moved');
  assert.equal((await api(hub, 'POST', sessionPath('/people/999/move'), { group: 1 })).status, 404);
});

test('next workshop for a group: members closed 4005, they come back in a fresh room, the next client is client; 409 after the last', async () => {
  const g = 3;
  const oldRoom = groupDoc(g).room;
  const firstClient = plannedClient(g);
  const members = membersOf(g);
  const others = [4, 5].flatMap(membersOf);
  const mark = con.mark();
  const next = await apiOk(hub, 'POST', sessionPath(`/groups/${g}/next`), undefined, 200);
  doc = next;
  const ng = groupDoc(g);
  assert.equal(ng.workshop, 2);
  assert.notEqual(ng.room, oldRoom, 'a fresh room');
  assert.notEqual(plannedClient(g), firstClient, 'the client rotates');
  countStarted(ng);
  for (const c of members) assert.equal(await c.closedCode, 4005, c.name);
  for (const c of others) assert.equal(c.ws.readyState, 1, 'other groups untouched');
  const ws = await Promise.all(members.map(join));
  for (const w of ws) {
    assert.deepEqual(w.session, { id: doc.id, group: g, workshop: 2, workshops: 2, meeting: 1 });
    assert.equal(w.room.id, ng.room);
    assert.equal(w.room.step, 0);
    assert.equal(w.room.steps.length, 6);
  }
  await settled(g);
  assert.equal(facilitatorOf(g).state.room.participants.find((p) => p.role === 'client').name, nameOf(plannedClient(g)));
  await con.room(g, (r) => r.room === ng.room && r.workshop === 2 && r.step === 0 &&
    r.client?.name === nameOf(plannedClient(g)) && r.client.connected, { from: mark, what: 'the new room' });
  const r = await api(hub, 'POST', sessionPath(`/groups/${g}/next`));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.code, 'conflict');
  assert.equal((await api(hub, 'POST', sessionPath('/groups/99/next'))).status, 404);
});

// Rejoins everyone (after a new meeting); returns the welcomes.
async function rejoinAll(t, what) {
  const closes = await Promise.all([...M.values()].map((c) =>
    Promise.race([c.closedCode, sleep(3000).then(() => 'open')])));
  const by = {};
  for (const code of closes) by[code] = (by[code] || 0) + 1;
  t.diagnostic(`${what}: connections after the call: ${JSON.stringify(by)}`);
  for (const c of M.values()) if (c.ws.readyState === 1) await c.close();
  return new Map(await Promise.all([...M.entries()].map(async ([id, c]) => [id, await join(c)])));
}

test('new meeting: rooms open on a report-back step, the rotation continues', async (t) => {
  const before = doc;
  const countsBefore = new Map(counts);
  const mark = con.mark();
  const m2 = await apiOk(hub, 'POST', sessionPath('/meetings'), {}, 200);
  doc = m2;
  assert.equal(m2.meeting, 2);
  for (const g of m2.groups) {
    assert.equal(g.workshop, 1);
    assert.notEqual(g.room, before.groups[g.id - 1].room, 'a fresh room');
    assert.deepEqual(g.members, before.groups[g.id - 1].members, 'no reshuffle: same groups');
  }
  // The first client of the meeting: someone never client yet while an
  // eligible member never was.
  checkGroups(m2, req, { counts: countsBefore, balanced: false, fromWorkshop: 0 });
  for (const g of m2.groups) {
    const c = g.plan[0].client;
    const person = (id) => m2.people[id - 1];
    const untried = g.members.filter((id) => person(id).wants_client && id !== g.facilitator &&
      !(countsBefore.get(id) > 0));
    if (untried.length) {
      assert.ok(!(countsBefore.get(c) > 0),
        `group ${g.id}: ${nameOf(c)} was client already while ${untried.map(nameOf)} never was`);
    }
    countStarted(g);
  }
  const welcomes = await rejoinAll(t, 'new meeting');
  for (const [id, w] of welcomes) {
    const g = groupOf(doc, id);
    assert.deepEqual(w.session, { id: doc.id, group: g, workshop: 1, workshops: 2, meeting: 2 });
    assert.equal(w.room.id, groupDoc(g).room);
    assert.equal(w.room.steps.length, 7);
    assert.equal(w.room.steps[0].kind, 'report_back');
    assert.deepEqual(w.room.steps.slice(1).map((s) => s.kind), KINDS);
    assert.equal(w.room.step, 0);
  }
  for (let g = 1; g <= 5; g++) await settled(g);
  await Promise.all([1, 2, 3, 4, 5].map((g) => con.room(g, (r) => r.meeting === 2 && r.room === groupDoc(g).room &&
    r.step_kind === 'report_back' && r.n_steps === 7 && r.client?.name === nameOf(plannedClient(g)), { from: mark })));
});

test('new meeting with reshuffle: constraints hold, few repeated pairings, everyone finds the new room', async (t) => {
  const before = doc;
  const countsBefore = new Map(counts);
  const m3 = await apiOk(hub, 'POST', sessionPath('/meetings'), { reshuffle: true }, 200);
  doc = m3;
  assert.equal(m3.meeting, 3);
  checkGroups(m3, req, { counts: countsBefore, fromWorkshop: 0 });
  assert.deepEqual(m3.groups.map((g) => g.members.length), [8, 8, 8, 8, 8]);
  for (const g of m3.groups) countStarted(g);
  const old = pairsOf(before);
  let repeats = 0;
  for (const k of pairsOf(m3).keys()) if (old.has(k)) repeats++;
  t.diagnostic(`reshuffle: ${repeats} of 140 pairs sat together at the last meeting`);
  assert.ok(repeats <= 20, `${repeats} repeated pairings (about 15 are unavoidable; 25 at random; 140 without reshuffle)`);
  const welcomes = await rejoinAll(t, 'reshuffle');
  for (const [id, w] of welcomes) {
    assert.equal(w.session.group, groupOf(doc, id));
    assert.equal(w.session.meeting, 3);
    assert.equal(w.room.id, groupDoc(w.session.group).room);
    assert.equal(w.room.steps[0].kind, 'report_back');
  }
  for (let g = 1; g <= 5; g++) await settled(g);
});

test('revoke and re-issue a personal link: the old one is refused (4003), the new one is the same participant', async () => {
  const g = 1;
  const qid = groupDoc(g).members.find((id) => id !== groupDoc(g).facilitator && id !== plannedClient(g));
  const q = M.get(qid);
  const participant = q.id, room = q.welcome.room.id;
  const count = facilitatorOf(g).state.room.participants.length;
  const oldLink = q.link;
  const res = await apiOk(hub, 'POST', sessionPath(`/people/${qid}/link`), undefined, 201);
  assert.equal(res.person, qid);
  assert.notEqual(res.link, oldLink);
  assert.match(res.link, new RegExp(`^${hub.base}/j#[A-Za-z0-9_-]+$`));
  assert.equal(await q.closedCode, 4003);
  const stale = new Client(hub, tokenOf(oldLink), 'x');
  const refused = await stale.open();
  assert.equal(refused.type, 'error');
  assert.equal(refused.code, 'unauthorized');
  assert.equal((await stale.ws.closed).code, 4003);
  const fresh = member(hub, res.link);
  const w = await join(fresh);
  assert.equal(w.room.id, room);
  assert.equal(w.you.participant, participant, 'identity kept');
  assert.equal(w.room.participants.find((p) => p.id === participant).name, nameOf(qid));
  await untilState(facilitatorOf(g), (r) => r.participants.find((p) => p.id === participant)?.connected, 'back');
  assert.equal(facilitatorOf(g).state.room.participants.length, count, 'no new participant');
  M.set(qid, fresh);
  const now = (await apiOk(hub, 'GET', sessionPath('/links'), undefined, 200)).links;
  assert.equal(now.find((l) => l.person === qid).link, res.link);
  const pl = (l) => ({ person: l.person, link: l.link });
  assert.deepEqual(now.filter((l) => l.person !== qid).map(pl), links.filter((l) => l.person !== qid).map(pl),
    'other links unchanged');
  for (const l of now) assert.equal(l.group, groupOf(doc, l.person), 'links name the current group');
  assert.equal((await api(hub, 'POST', sessionPath('/people/999/link'))).status, 404);
});

test('DELETE the session: members closed 4004, personal links lead nowhere', async () => {
  const members = [...M.values()];
  const r = await api(hub, 'DELETE', sessionPath());
  assert.equal(r.status, 204, r.text);
  const codes = await Promise.all(members.map((c) => c.closedCode));
  assert.deepEqual([...new Set(codes)], [4004]);
  const again = await member(hub, links[5].link).open();
  assert.equal(again.type, 'error');
  assert.equal((await api(hub, 'GET', sessionPath())).status, 404);
});
