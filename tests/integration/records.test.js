// The client's record is kept (proto/sessions.md, records.list and
// record.get): after "next workshop", the client of the first workshop
// reads that workshop's record again through their personal link, from
// the new room; nobody else can (another member of the same room, a
// room link), and a room that is not theirs answers as one that does not
// exist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { connect } from './lib/ws.js';
import { apiOk, createSession, getSession, cohort40, member, join, tokenOf, Console } from './lib/session.js';

let hub, doc, links;
const C = cohort40();
before(async () => {
  hub = await startHub();
  const s = await createSession(hub, { name: 'Dossiers', workshops: 2, people: C.people, apart: C.apart,
    together: C.together });
  await apiOk(hub, 'POST', `/api/sessions/${s.id}/start`, undefined, 200);
  doc = await getSession(hub, s.id);
  links = await apiOk(hub, 'GET', `/api/sessions/${s.id}/links`, undefined, 200);
});
after(async () => {
  await hub.stop();
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  assert.doesNotMatch(hub.stderr(), /Mon cas|Comment puis-je/, 'no record content in the log');
});
const linkOf = (id) => links.links.find((l) => l.person === id).link;
const sheet = { title: 'Mon cas', question: 'Comment puis-je déléguer ?', context: 'c', tried: 't', help_wanted: 'h' };

test('the first client reads the record of workshop 1 from workshop 2; nobody else can', async () => {
  const g = doc.groups[0];
  const clientId = g.plan[0].client;
  const otherId = g.members.find((m) => m !== clientId && m !== g.facilitator);
  const oldRoom = g.room;
  const client = member(hub, linkOf(clientId));
  const other = member(hub, linkOf(otherId));
  await join(client);
  await join(other);
  assert.equal(client.welcome.you.role, 'client');
  await client.do('sheet.update', sheet);

  // Before the next workshop: the current room is already on the list.
  let list = await client.send('records.list');
  assert.equal(list.type, 'records');
  assert.deepEqual(list.records.map((r) => [r.room, r.group, r.title, r.question]),
    [[oldRoom, 1, sheet.title, sheet.question]]);

  await apiOk(hub, 'POST', `/api/sessions/${doc.id}/groups/1/next`, undefined, 200);
  assert.equal(await client.closedCode, 4005);
  assert.equal(await other.closedCode, 4005);
  await join(client);
  await join(other);
  assert.notEqual(client.welcome.room.id, oldRoom, 'now in the next workshop\'s room');
  assert.notEqual(client.welcome.you.role, 'client', 'someone else is client now');

  list = await client.send('records.list');
  assert.deepEqual(list.records.map((r) => r.room), [oldRoom], 'workshop 1 is still theirs');
  assert.ok(Number.isInteger(list.records[0].created_ms) && list.records[0].created_ms > 1.6e12);
  const rec = await client.send('record.get', { room: oldRoom });
  assert.equal(rec.type, 'record');
  assert.equal(rec.room, oldRoom);
  assert.equal(rec.group, 1);
  assert.deepEqual(rec.snapshot.sheet, sheet);
  assert.equal(rec.snapshot.id, oldRoom);
  assert.ok(rec.snapshot.participants.some((p) => p.id === client.welcome.you.participant || p.role === 'client'));

  // Another member of that same room, through their own personal link.
  assert.deepEqual((await other.send('records.list')).records, []);
  const nf = await other.send('record.get', { room: oldRoom });
  assert.deepEqual([nf.type, nf.code, nf.field], ['error', 'not_found', 'room']);
  // A room that does not exist, and one that is not a room id: the same answer.
  const none = await client.send('record.get', { room: 'zzzzzzzzzzzz' });
  assert.deepEqual([none.code, none.field], ['not_found', 'room']);
  const shape = await client.send('record.get', { room: 'AB_-' });
  assert.deepEqual([shape.code, shape.field], ['not_found', 'room']);
  client.ws.close();
  other.ws.close();
});

test('a room link reads no records: forbidden; before hello: unauthorized', async () => {
  const room = await createRoom(hub);
  const c = new Client(hub, tokenOf(room.participant_link), 'Invité');
  await c.open();
  const r = await c.send('records.list');
  assert.deepEqual([r.type, r.code], ['error', 'forbidden']);
  const g = await c.send('record.get', { room: room.room });
  assert.deepEqual([g.type, g.code], ['error', 'forbidden']);
  c.ws.close();

  const ws = connect(hub);
  await ws.opened;
  const before = await ws.request({ type: 'records.list', id: 'b1' });
  assert.deepEqual([before.type, before.code], ['error', 'unauthorized']);
  ws.close();
});

// Seats that are not taken (removed or released, core/seat.c) are not
// people of the room any more: the organizer's console stops listing them.
test('console: a participant removed by the facilitator leaves the room\'s people', async () => {
  const g = doc.groups[1];
  const fac = member(hub, linkOf(g.plan[0].facilitator));
  const otherId = g.members.find((m) => m !== g.plan[0].facilitator);
  const other = member(hub, linkOf(otherId));
  await join(fac);
  await join(other);
  const name = C.people[otherId - 1].name;
  const con = new Console(hub);
  const snap = await con.watch(doc.id);
  assert.equal(snap.type, 'console.snapshot');
  const before = snap.rooms.find((r) => r.group === 2);
  assert.ok(before.people.some((p) => p.name === name), `${name} is listed at first`);
  const mark = con.mark();
  await fac.do('participant.remove', { participant: other.welcome.you.participant });
  const after = await con.room(2, (m) => !m.people.some((p) => p.name === name), { from: mark });
  assert.ok(after.msg.people.some((p) => p.role === 'facilitator'), 'the others stay listed');
  fac.ws.close();
  await con.close();
});
