// A duplicate seat (the same person on a second device, or under a second
// name) merged by the facilitator into the seat that stays: the
// duplicate's question and raised hand become the stayer's, its
// connection closes with 4007, and its resume secret and seat key lead to
// the seat that stays from then on (which takes over with 4001). The
// refusals, the gauge, and a restart that keeps it all.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { tempDir, hubPool, metricOf, seatKey } from './lib/hub.js';
import { Client, createRoom, sleep } from './lib/client.js';

const hubs = hubPool();
after(hubs.stopAll);
const hubAt = (opts) => hubs.start(opts);

test('merge: items and hand move, 4007, the duplicate\'s secret and seat key lead to the stayer; restart', async () => {
  const dataDir = path.join(tempDir(), 'data');
  let hub = await hubAt({ dataDir, keepData: true });
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Fanny');
  await f.open();
  const laptop = new Client(hub, room.participantToken, 'Tom');
  await laptop.open({ seat: seatKey('laptop') });
  const phone = new Client(hub, room.participantToken, 'Tom');
  await phone.open({ seat: seatKey('phone') });
  assert.notEqual(phone.id, laptop.id, 'two seats for one Tom');
  await f.do('step.goto', { step: 1, confirm: true });
  await phone.do('question.add', { text: 'Depuis quand ?' });
  await phone.do('hand.raise');

  assert.equal((await laptop.send('participant.merge', { participant: phone.id, into: laptop.id })).code,
    'forbidden', 'only the facilitator merges');
  assert.equal((await f.send('participant.merge', { participant: f.id, into: laptop.id })).code, 'conflict',
    'not the facilitator\'s seat');
  assert.equal((await f.send('participant.merge', { participant: laptop.id, into: laptop.id })).code, 'conflict');
  assert.equal((await f.send('participant.merge', { participant: phone.id, into: 99 })).code, 'not_found');
  assert.equal((await f.send('participant.merge', { participant: phone.id })).code, 'bad_field');

  await f.do('participant.merge', { participant: phone.id, into: laptop.id });
  assert.equal((await phone.ws.closed).code, 4007, 'the duplicate\'s connection: 4007 merged');
  await sleep(50);
  for (const c of [f, laptop]) {
    const dup = c.state.participant(phone.id);
    assert.deepEqual([dup.seat, dup.merged_into, dup.connected], ['merged', laptop.id, false]);
    assert.equal(c.state.room.questions[0].author, laptop.id, 'the question is the laptop seat\'s');
    assert.deepEqual(c.state.room.hands, [laptop.id], 'and the raised hand');
  }
  assert.equal(await metricOf(hub, 'codevhub_seats_merged'), 1);
  assert.equal((await f.send('participant.merge', { participant: phone.id, into: laptop.id })).code, 'not_found',
    'merged once');

  // The phone comes back with its resume secret: it is Tom's seat now.
  const phoneSeat = phone.id;
  const w = await phone.reopen();
  assert.equal(w.type, 'welcome');
  assert.equal(w.you.participant, laptop.id, 'the duplicate\'s secret leads to the seat that stayed');
  assert.ok(w.room, 'a whole snapshot: it is another seat than the one it knew');
  assert.equal((await laptop.ws.closed).code, 4001, 'one seat, one connection: the laptop is replaced');

  await hub.stop();
  hub = await hubAt({ dataDir, keepData: true });
  const again = new Client(hub, room.participantToken, 'Tom');
  const w2 = await again.open({ seat: seatKey('phone') });
  assert.equal(w2.you.participant, laptop.id, 'after a restart, the phone\'s seat key too');
  const dup = w2.room.participants.find((p) => p.id === phoneSeat);
  assert.deepEqual([dup.seat, dup.merged_into], ['merged', laptop.id], 'the merge survives');
  assert.equal(w2.room.questions[0].author, laptop.id);
});
