// Sessions across restarts and between organizations (proto/sessions.md):
// sessions, groups, plans, rooms and personal links survive SIGTERM (and
// SIGKILL) on the same data directory; an organizer of another
// organization (made by `codevhub org create`) sees none of them: every
// session or room of organization 1 answers it exactly as one that does
// not exist, and its console cannot watch them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHub, tempDir } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { api, apiOk, createSession, getSession, cohort40, groupOf, member, join, untilState, tokenOf, Console,
  orgCreate, sleep } from './lib/session.js';

const hubs = [];
after(async () => {
  for (const h of hubs) {
    await h.stop('SIGTERM');
    assert.doesNotMatch(h.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  }
});
async function hubOn(dataDir) {
  const h = await startHub({ dataDir, keepData: true });
  hubs.push(h);
  return h;
}

const C = cohort40();
const req = (name, extra = {}) => ({ name, workshops: 2, people: C.people, apart: C.apart, together: C.together, ...extra });
// What must survive: everything but the organizer's transient messages.
const lasting = ({ banner, plenary_at, help, ...rest }) => rest;

test('restart: sessions, groups, plans, rooms and personal links survive SIGTERM and SIGKILL', async (t) => {
  const dir = path.join(tempDir(), 'data');
  let hub = await hubOn(dir);
  const organizer = hub.organizerToken;
  const draft = await createSession(hub, req('Brouillon'));
  const a = await createSession(hub, req('Session A'));
  // A plan of our own before the start.
  const plan = a.groups.map((g) => {
    const pool = g.members.filter((m) => m !== g.facilitator);
    return { plan: [{ client: pool.at(-1), facilitator: g.facilitator }, { client: pool[0], facilitator: g.facilitator }] };
  });
  await apiOk(hub, 'PUT', `/api/sessions/${a.id}/plan`, { groups: plan }, 200);
  await apiOk(hub, 'POST', `/api/sessions/${a.id}/start`, undefined, 200);
  const links = await apiOk(hub, 'GET', `/api/sessions/${a.id}/links`, undefined, 200);
  // Group 1 moves on a step and starts its timer.
  let doc = await getSession(hub, a.id);
  const g1 = doc.groups[0];
  const linkOf = (id) => links.links.find((l) => l.person === id).link;
  const f = member(hub, linkOf(g1.facilitator));
  await join(f);
  assert.equal(f.welcome.you.role, 'facilitator');
  await f.do('step.next');
  const started = await f.do('timer.start');
  await f.untilSeq(started.seq);
  // Someone moves from group 3 to group 4; group 2 goes on to workshop 2.
  const mover = doc.groups[2].members.find((m) => m !== doc.groups[2].facilitator && ![1, 2, 7, 9, 11, 12].includes(m) &&
    !doc.groups[2].plan.some((it) => it.client === m));
  await apiOk(hub, 'POST', `/api/sessions/${a.id}/people/${mover}/move`, { group: 4 }, 200);
  await apiOk(hub, 'POST', `/api/sessions/${a.id}/groups/2/next`, undefined, 200);
  await apiOk(hub, 'POST', `/api/sessions/${a.id}/broadcast`, { text: 'Pause café' }, 204);
  await apiOk(hub, 'POST', `/api/sessions/${a.id}/plenary`, { minutes: 30 }, 204);
  doc = await getSession(hub, a.id);
  const list = await apiOk(hub, 'GET', '/api/sessions', undefined, 200);
  const linksNow = await apiOk(hub, 'GET', `/api/sessions/${a.id}/links`, undefined, 200);
  const draftDoc = await getSession(hub, draft.id);
  f.ws.close();

  await hub.stop('SIGTERM');
  hub = await hubOn(dir);
  f.hub = hub;
  assert.equal(hub.organizerToken, organizer, 'the organizer link is kept');
  assert.deepEqual(await apiOk(hub, 'GET', '/api/sessions', undefined, 200), list);
  const back = await getSession(hub, a.id);
  assert.deepEqual(lasting(back), lasting(doc));
  assert.deepEqual(lasting(await getSession(hub, draft.id)), lasting(draftDoc));
  t.diagnostic(`after a restart: banner ${JSON.stringify(back.banner)} (was ${JSON.stringify(doc.banner)}), ` +
    `plenary_at ${back.plenary_at} (was ${doc.plenary_at})`);
  // The same links (the base URL aside: the test hub listens on a new
  // ephemeral port after each start).
  const relative = (l) => l.links.map((x) => ({ ...x, link: x.link.replace(/^https?:\/\/[^/]+/, '') }));
  assert.deepEqual(relative(await apiOk(hub, 'GET', `/api/sessions/${a.id}/links`, undefined, 200)), relative(linksNow), 'the same links');
  assert.deepEqual(linksNow.links.map((l) => l.link), links.links.map((l) => l.link), 'stable across moves and workshops');

  // The links lead to the rooms as they were.
  const w = await join(f);
  assert.equal(w.room.id, g1.room);
  assert.equal(w.you.role, 'facilitator');
  assert.equal(w.room.step, 1);
  assert.equal(w.room.timer.status, 'running');
  assert.deepEqual(w.session, { id: a.id, group: 1, workshop: 1, workshops: 2, meeting: 1 });
  const client = member(hub, linkOf(doc.groups[0].plan[0].client));
  await join(client);
  assert.equal(client.welcome.room.id, g1.room);
  await untilState(f, (room) => room.participants.find((p) => p.id === client.id)?.role === 'client', 'the planned client');
  assert.equal(client.welcome.room.participants.find((p) => p.id === client.id).name, C.people[doc.groups[0].plan[0].client - 1].name);
  const m = member(hub, linkOf(mover));
  await join(m);
  assert.equal(m.welcome.session.group, 4);
  assert.equal(m.welcome.room.id, doc.groups[3].room);
  const g2 = member(hub, linkOf(doc.groups[1].members[0]));
  await join(g2);
  assert.equal(g2.welcome.session.workshop, 2);
  assert.equal(g2.welcome.room.id, doc.groups[1].room);
  // The console after the restart.
  const con = new Console(hub);
  const snap = await con.watch(a.id);
  assert.equal(snap.type, 'console.snapshot');
  assert.deepEqual(snap.rooms.map((r) => [r.group, r.room]).sort(), doc.groups.map((g) => [g.id, g.room]));
  assert.equal(snap.rooms.find((r) => r.group === 1).step, 1);
  con.ws.close();

  // It goes on after the restart; then a SIGKILL loses nothing committed.
  await apiOk(hub, 'POST', `/api/sessions/${a.id}/groups/1/next`, undefined, 200);
  assert.equal((await f.ws.closed).code, 4005);
  await apiOk(hub, 'POST', `/api/sessions/${draft.id}/start`, undefined, 200);
  doc = await getSession(hub, a.id);
  const draftNow = await getSession(hub, draft.id);
  for (const c of [client, m, g2]) c.ws.close();
  await hub.stop('SIGKILL');
  hub = await hubOn(dir);
  assert.deepEqual(lasting(await getSession(hub, a.id)), lasting(doc));
  assert.deepEqual(lasting(await getSession(hub, draft.id)), lasting(draftNow));
  f.hub = hub;
  const w2 = await join(f);
  assert.equal(w2.session.workshop, 2);
  assert.equal(w2.room.id, doc.groups[0].room);
  f.ws.close();
  await hub.stop('SIGTERM');
});

// --- organizations -------------------------------------------------------

let hub1, org2;
const attempts = (id, room) => [
  ['GET', `/api/sessions/${id}`],
  ['PUT', `/api/sessions/${id}/groups`, { groups: [{ members: [1, 2], facilitator: 1 }] }],
  ['PUT', `/api/sessions/${id}/plan`, { groups: [{ plan: [{ client: 3, facilitator: 1 }] }] }],
  ['POST', `/api/sessions/${id}/start`],
  ['GET', `/api/sessions/${id}/links`],
  ['POST', `/api/sessions/${id}/people/3/link`],
  ['POST', `/api/sessions/${id}/people/3/move`, { group: 2 }],
  ['POST', `/api/sessions/${id}/groups/1/next`],
  ['POST', `/api/sessions/${id}/meetings`, { reshuffle: true }],
  ['POST', `/api/sessions/${id}/broadcast`, { text: 'hors de mon organisation' }],
  ['POST', `/api/sessions/${id}/plenary`, { minutes: 3 }],
  ['POST', `/api/sessions/${id}/help/1/resolve`],
  ['DELETE', `/api/sessions/${id}`],
  ...(room ? [['POST', `/api/rooms/${room}/links`], ['DELETE', `/api/rooms/${room}`]] : []),
];

test('codevhub org create NAME prints the organizer link of a new organization', async (t) => {
  const dir = path.join(tempDir(), 'data');
  hub1 = await hubOn(dir);
  let r = await orgCreate(hub1, 'Deuxième organisation');
  if (!r.token) {
    // Maybe it needs the data directory to itself: stop, create, restart.
    t.diagnostic(`org create while the hub runs: exit ${r.code}, stdout ${JSON.stringify(r.stdout)}, stderr ${JSON.stringify(r.stderr.slice(0, 300))}`);
    await hub1.stop('SIGTERM');
    const cfgHub = hub1;
    r = await orgCreate(cfgHub, 'Deuxième organisation');
    hub1 = await hubOn(dir);
    t.diagnostic(`org create with the hub stopped: exit ${r.code}`);
  }
  assert.equal(r.code, 0, `codevhub org create: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  assert.ok(r.token, `no organizer link printed: ${r.stdout}`);
  assert.notEqual(r.token, hub1.organizerToken);
  org2 = r.token;
  assert.equal((await api(hub1, 'GET', '/api/templates', undefined, org2)).status, 200, 'the new link is an organizer link');
  assert.deepEqual(await apiOk(hub1, 'GET', '/api/sessions', undefined, 200, org2), { sessions: [] });
  const third = await orgCreate(hub1, 'Troisième');
  assert.ok(third.token && third.token !== org2, 'each organization its own link');
});

test('another organization cannot list, get or act on our sessions and rooms: 404 as if they did not exist', async () => {
  assert.ok(org2, 'needs the organization made by `codevhub org create`');
  const draft = await createSession(hub1, req('Organisation 1'));
  const s1 = await apiOk(hub1, 'POST', `/api/sessions/${draft.id}/start`, undefined, 200);
  const s1Links = await apiOk(hub1, 'GET', `/api/sessions/${s1.id}/links`, undefined, 200);
  const room1 = await createRoom(hub1);
  const f = member(hub1, s1Links.links.find((l) => l.person === s1.groups[0].facilitator).link);
  await join(f);
  const p3 = member(hub1, s1Links.links[2].link);
  await join(p3);
  const list2 = await apiOk(hub1, 'GET', '/api/sessions', undefined, 200, org2);
  assert.ok(!list2.sessions.some((s) => s.id === s1.id), 'not listed');
  // Each call on organization 1's session, then on a session that does
  // not exist: the same answer, 404 not_found.
  // (Every call is made and every leak listed before failing.)
  const ghost = 999999;
  const mine = [...attempts(s1.id, s1.groups[0].room),
    ['POST', `/api/rooms/${room1.room}/links`], ['DELETE', `/api/rooms/${room1.room}`]];
  const none = [...attempts(ghost, 'nosuchroom0'), ['POST', '/api/rooms/nosuchroom1/links'], ['DELETE', '/api/rooms/nosuchroom1']];
  const leaks = [];
  for (let i = 0; i < mine.length; i++) {
    const [method, p, body] = mine[i];
    const r = await api(hub1, method, p, body, org2);
    const n = await api(hub1, none[i][0], none[i][1], none[i][2], org2);
    if (r.status !== 404 || r.json?.code !== 'not_found') leaks.push(`${method} ${p}: ${r.status} ${r.text.slice(0, 120)}`);
    else if (JSON.stringify(r.json) !== JSON.stringify(n.json)) leaks.push(`${method} ${p}: ${r.text} ≠ ${n.text} (nothing)`);
    if (r.status === 201 && r.json?.facilitator_link) {
      // What such a link is worth: a seat in organization 1's room.
      const spy = await new Client(hub1, tokenOf(r.json.facilitator_link), 'Espion').open();
      if (spy.type === 'welcome') {
        leaks.push(`  → its facilitator link joins organization 1's room ${spy.room.id} as ${spy.you.role} ` +
          `(the whole room snapshot: ${spy.room.participants.length} participants, sheet, notes)`);
      }
    }
  }
  // Revoking organization 1's links is not organization 2's to do.
  for (const link of [s1Links.links[2].link, room1.participant_link]) {
    const r = await api(hub1, 'POST', '/api/links/revoke', { link }, org2);
    if (r.status === 204) leaks.push(`POST /api/links/revoke ${link.split('#')[0]}: 204`);
  }
  // Nothing happened to organization 1.
  await sleep(200);
  const harm = [];
  if (JSON.stringify(await getSession(hub1, s1.id)) !== JSON.stringify(s1)) harm.push('the session document changed');
  if (f.ws.readyState !== 1) harm.push(`the facilitator of group 1 was disconnected (${(await f.ws.closed).code})`);
  if (p3.ws.readyState !== 1) harm.push(`person 3 was disconnected (${(await p3.ws.closed).code})`);
  const l1 = await api(hub1, 'GET', `/api/sessions/${s1.id}/links`);
  if (JSON.stringify(l1.json) !== JSON.stringify(s1Links)) harm.push('the personal links changed');
  const r1 = await api(hub1, 'POST', `/api/rooms/${room1.room}/links`);
  if (r1.status !== 201) harm.push(`the plain room is gone (${r1.status})`);
  const again = await new Client(hub1, room1.participantToken, 'Encore').open();
  if (again.type !== 'welcome') harm.push(`the plain room's participant link: ${again.code}`);
  const p3again = await member(hub1, s1Links.links[2].link).open();
  if (p3again.type !== 'welcome') harm.push(`person 3's link: ${p3again.code}`);
  assert.deepEqual([...leaks, ...harm], [], `organization 2 acted on organization 1:\n${[...leaks, ...harm].join('\n')}`);
});

test('and the other way round: organization 2\'s sessions are its own', async () => {
  assert.ok(org2, 'needs the organization made by `codevhub org create`');
  const s2 = await createSession(hub1, req('Organisation 2'), org2);
  const started = await apiOk(hub1, 'POST', `/api/sessions/${s2.id}/start`, undefined, 200, org2);
  const l2 = await apiOk(hub1, 'GET', `/api/sessions/${s2.id}/links`, undefined, 200, org2);
  assert.deepEqual((await apiOk(hub1, 'GET', '/api/sessions', undefined, 200, org2)).sessions.map((s) => s.id), [s2.id]);
  assert.ok(!(await apiOk(hub1, 'GET', '/api/sessions', undefined, 200)).sessions.some((s) => s.id === s2.id));
  const r = await api(hub1, 'GET', `/api/sessions/${s2.id}`);
  assert.equal(r.status, 404);
  assert.equal((await api(hub1, 'POST', `/api/sessions/${s2.id}/broadcast`, { text: 'x' })).status, 404);
  // Its members join its rooms by their links.
  const c = member(hub1, l2.links[0].link);
  const w = await join(c);
  assert.equal(w.session.id, s2.id);
  assert.equal(w.room.id, started.groups[groupOf(started, 1) - 1].room);
  c.ws.close();
});

test('console.watch: refused on another organization\'s session exactly as on none, and without an organizer link', async () => {
  assert.ok(org2, 'needs the organization made by `codevhub org create`');
  // A session of its own (the one above may have been harmed).
  const s1 = await apiOk(hub1, 'POST', `/api/sessions/${(await createSession(hub1, req('Console'))).id}/start`, undefined, 200);
  const s1Links = await apiOk(hub1, 'GET', `/api/sessions/${s1.id}/links`, undefined, 200);
  const refuse = async (token, session) => {
    const con = new Console(hub1, token);
    const reply = await con.watch(session);
    assert.equal(reply.type, 'error', `console.watch ${session}: ${JSON.stringify(reply).slice(0, 200)}`);
    await sleep(300);
    assert.ok(!con.log.some((e) => e.msg.type?.startsWith('console.')), 'nothing watched');
    if (con.ws.readyState === 1) con.ws.close();
    return reply;
  };
  const other = await refuse(org2, s1.id);
  const ghost = await refuse(org2, 999999);
  assert.equal(other.code, ghost.code, 'the same refusal as for a session that does not exist');
  assert.equal(other.code, 'not_found');
  const byLink = await refuse(tokenOf(s1Links.links[0].link), s1.id);
  assert.equal(byLink.code, 'unauthorized', 'a personal link is no organizer link');
  const byGarbage = await refuse('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', s1.id);
  assert.equal(byGarbage.code, 'unauthorized');
  // Organization 1 itself watches.
  const con = new Console(hub1);
  const snap = await con.watch(s1.id);
  assert.equal(snap.type, 'console.snapshot');
  assert.equal(snap.rooms.length, 5);
  con.ws.close();
});

// The disk made slow (a test build's delay point before each sync): a
// console must not show a room's change before it is durable, which is
// also when the facilitator gets its ack.
test('the console shows a change only once it is durable, with the ack', async () => {
  const hub = await startHub({ env: { CODEVHUB_DELAY_AT: 'sync:600' } });
  hubs.push(hub);
  const s = await createSession(hub, req('Disque lent'));
  const doc = await apiOk(hub, 'POST', `/api/sessions/${s.id}/start`, undefined, 200);
  const links = await apiOk(hub, 'GET', `/api/sessions/${s.id}/links`, undefined, 200);
  const g1 = doc.groups[0];
  const f = member(hub, links.links.find((l) => l.person === g1.plan[0].facilitator).link);
  await join(f);
  const con = new Console(hub);
  assert.equal((await con.watch(s.id)).type, 'console.snapshot');
  await sleep(700); // no sync left in flight: the command commits at once
  const from = con.mark();
  const running = (m) => m.type === 'console.room' && m.group === 1 && m.timer.status === 'running';
  f.ws.send(JSON.stringify({ type: 'timer.start', id: 'slow' }));
  await sleep(300); // the sync sleeps 600 ms
  assert.ok(!con.log.slice(from).some((e) => running(e.msg)), 'no summary before the sync');
  assert.equal(f.ws.inbox.find((m) => m.re === 'slow'), undefined, 'no ack before the sync');
  const ack = await f.ws.next((m) => m.re === 'slow', 5000);
  assert.equal(ack.type, 'ack');
  await con.wait(running, { from, what: 'the running timer' });
});
