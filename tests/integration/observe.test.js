// Looking in without taking a seat by accident: the organizer enters any
// room of their organization as an observer every member sees
// (participant.organizer), even a locked one, and nobody changes that
// role; a room link with observe enters as an observer, never as the
// facilitator. Refusals: an organizer hello that names no room, a room of
// another organization or an unknown one, a room field with a room link,
// observe with a personal link. It survives a restart; revoking the
// organizer link closes the organizer's room connection.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { tempDir, hubPool, metricOf } from './lib/hub.js';
import { Client, createRoom, sleep } from './lib/client.js';
import { api, apiOk, createSession, orgCreate, tokenOf } from './lib/session.js';

const hubs = hubPool();
after(hubs.stopAll);
const hubAt = (opts) => hubs.start(opts);
const entryOf = (c, id) => c.state.room.participants.find((p) => p.id === id);
async function until(pred, what, ms = 3000) {
  const t = Date.now();
  while (!pred()) {
    if (Date.now() - t > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

test('the organizer observes a locked room, seen by every member, role fixed', async () => {
  const hub = await hubAt();
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Fanny');
  const k = new Client(hub, room.participantToken, 'Karim');
  await f.open();
  await k.open();
  await f.do('room.lock');
  assert.equal((await new Client(hub, room.participantToken, 'Late').open()).code, 'locked');
  const o = new Client(hub, hub.organizerToken, 'Olga');
  const w = await o.open({ room: room.room });
  assert.equal(w.type, 'welcome', `organizer hello: ${w.code} ${w.message}`);
  const mine = w.room.participants.find((p) => p.id === w.you.participant);
  assert.equal(mine.role, 'observer');
  assert.equal(mine.organizer, true);
  await until(() => entryOf(k, o.id), 'Karim hears of the organizer');
  assert.equal(entryOf(k, o.id).organizer, true, 'members see the organizer as such');
  assert.equal(entryOf(k, o.id).role, 'observer');
  assert.equal(entryOf(k, k.id).organizer, undefined, 'nobody else is marked');
  assert.equal(await metricOf(hub, 'codevhub_organizers_observing'), 1);
  for (const role of ['consultant', 'client', 'facilitator']) {
    const r = await f.send('role.assign', { participant: o.id, role });
    assert.equal(r.code, 'conflict', `the organizer cannot be made ${role}`);
  }
  assert.equal((await f.send('backup.set', { participant: o.id })).type, 'error', 'nor the backup');
  assert.equal((await f.send('participant.remove', { participant: o.id })).code, 'conflict',
    'nor removed: the organizer link opens every room of the organization');
  assert.equal((await o.send('question.add', { text: 'Et si ?' })).code, 'forbidden', 'an observer posts nothing');
  assert.equal((await o.send('step.next')).code, 'forbidden');
  await o.close();
  await until(() => entryOf(f, o.id).connected === false, 'the organizer leaves');
  assert.equal(await metricOf(hub, 'codevhub_organizers_observing'), 0, 'gauge counts connected ones');
  // Each organizer hello names its room, a resume too.
  assert.equal((await o.open({ room: room.room, resume: o.resume })).type, 'welcome',
    'the organizer comes back while locked');
  assert.equal(o.role, 'observer');
});

test('a room link with observe enters as observer, never as facilitator', async () => {
  const hub = await hubAt();
  const room = await createRoom(hub);
  const peek = new Client(hub, room.facilitatorToken, 'Just looking');
  const w = await peek.open({ observe: true });
  assert.equal(w.type, 'welcome');
  assert.equal(peek.role, 'observer', 'the first facilitator link with observe: observer');
  assert.equal(w.room.participants.find((p) => p.id === peek.id).organizer, undefined);
  const f = new Client(hub, room.facilitatorToken, 'Fanny');
  await f.open();
  assert.equal(f.role, 'facilitator', 'the facilitator seat was left for the facilitator');
  const k = new Client(hub, room.participantToken, 'Karim');
  await k.open({ observe: true });
  assert.equal(k.role, 'observer');
  await f.do('role.assign', { participant: k.id, role: 'consultant' });
  await k.close();
  assert.equal((await k.open({ resume: k.resume, observe: true })).type, 'welcome');
  assert.equal(k.role, 'consultant', 'observe is ignored for someone returning');
});

test('refused: organizer without room, unknown or foreign room; room with a room link; observe with a personal link', async () => {
  const hub = await hubAt({ dataDir: path.join(tempDir(), 'data'), keepData: true });
  const room = await createRoom(hub);
  const second = await orgCreate(hub, 'Autre organisation');
  assert.ok(second.token, `org create: ${second.stderr}`);
  const cases = [
    [hub.organizerToken, {}, 'unauthorized', 4003],
    [hub.organizerToken, { room: 'nosuchroom' }, 'unauthorized', 4003],
    [second.token, { room: room.room }, 'unauthorized', 4003],
    [room.participantToken, { room: room.room }, 'bad_field', null, 'room'],
  ];
  for (const [token, extra, code, close, field] of cases) {
    const c = new Client(hub, token, 'X');
    const r = await c.open(extra);
    assert.equal(r.code, code, JSON.stringify(extra));
    if (field) assert.equal(r.field, field);
    if (close) assert.equal((await c.ws.closed).code, close);
    else c.ws.close();
  }
  const names = ['Ana', 'Bea', 'Cyril', 'Dina', 'Eli', 'Fred'];
  const s = await createSession(hub, { name: 'Obs', workshops: 1, people: names.map((name, i) => ({ name, can_facilitate: i < 2 })) });
  await apiOk(hub, 'POST', `/api/sessions/${s.id}/start`, undefined, 200);
  const links = await apiOk(hub, 'GET', `/api/sessions/${s.id}/links`, undefined, 200);
  const personal = new Client(hub, tokenOf(links.links[0].link), links.links[0].name);
  const r = await personal.open({ observe: true });
  assert.equal(r.code, 'bad_field');
  assert.equal(r.field, 'observe');
  personal.ws.close();
  const w = await new Client(hub, tokenOf(links.links[0].link), 'Ana').open();
  assert.equal(w.type, 'welcome', 'nothing was lost: the same link joins without observe');
});

test('restart keeps the organizer observer; revoking the organizer link closes it (4003)', async () => {
  const dataDir = path.join(tempDir(), 'data');
  let hub = await hubAt({ dataDir, keepData: true });
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Fanny');
  await f.open();
  const o = new Client(hub, hub.organizerToken, 'Olga');
  await o.open({ room: room.room, observe: true });
  const obs = new Client(hub, room.participantToken, 'Omar');
  await obs.open({ observe: true });
  await hub.stop();
  hub = await hubAt({ dataDir, keepData: true });
  o.hub = hub;
  f.hub = hub;
  const w = await o.open({ room: room.room, resume: o.resume });
  assert.equal(w.type, 'welcome', `after restart: ${w.code}`);
  const me = w.room.participants.find((p) => p.id === o.id);
  assert.deepEqual([me.role, me.organizer], ['observer', true], 'still the organizer, observing');
  assert.equal(w.room.participants.find((p) => p.id === obs.id).role, 'observer', 'the room-link observer too');
  assert.equal((await f.reopen(false)).type, 'welcome');
  assert.equal((await f.send('role.assign', { participant: o.id, role: 'consultant' })).code, 'conflict');
  const res = await api(hub, 'POST', '/api/links/revoke', { link: hub.organizerLink });
  assert.equal(res.status, 204);
  assert.equal((await o.ws.closed).code, 4003, 'the revoked organizer link leaves the room');
});
