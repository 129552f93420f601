// The room is safe: the facilitator locks it (nobody new, members come
// back), ends the workshop (read-only for everyone, the timer stops) and
// removes a participant (4006, no way back with their resume secret or
// seat key; the shared link makes them someone new unless locked). A
// browser's seat key brings it back to its own seat. All of it survives a
// restart, and seats of those away longer than seat_release_minutes are
// freed for newcomers (the wall clock moved by libfaketime).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, tempDir, hubPool, metricOf, seatKey } from './lib/hub.js';
import { Client, createRoom, sleep } from './lib/client.js';
import { snapshot } from './lib/battery.js';

const hubs = hubPool();
after(hubs.stopAll);
const hubAt = (opts) => hubs.start(opts);

test('lock: a newcomer gets locked; members leave and come back; unlock', async () => {
  const hub = await hubAt();
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Fanny');
  const k = new Client(hub, room.participantToken, 'Karim');
  await f.open();
  await k.open({ seat: seatKey('k') });
  const forbidden = await k.send('room.lock');
  assert.equal(forbidden.code, 'forbidden', 'only the facilitator locks');
  await f.do('room.lock');
  await sleep(50);
  assert.equal(f.state.room.locked, true, 'room.locked applied');
  assert.equal(await metricOf(hub, 'codevhub_rooms_locked'), 1, 'metrics: one room locked');
  const late = new Client(hub, room.participantToken, 'Late');
  const r = await late.open();
  assert.equal(r.type, 'error');
  assert.equal(r.code, 'locked');
  // Karim leaves and comes back: with his resume secret, then his seat key.
  await k.close();
  assert.equal((await k.reopen()).type, 'welcome', 'resume works while locked');
  await k.close();
  const again = new Client(hub, room.participantToken, 'Karim');
  const w = await again.open({ seat: seatKey('k') });
  assert.equal(w.type, 'welcome');
  assert.equal(w.you.participant, k.id, 'the seat key finds his seat');
  assert.equal((await f.send('room.lock')).code, 'conflict', 'locked twice');
  await f.do('room.unlock');
  assert.equal((await late.open()).type, 'welcome', 'unlocked: newcomers again');
});

test('seat key: the same browser returns to its seat and takes over the older tab', async () => {
  const hub = await hubAt();
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Fanny');
  await f.open();
  const tab1 = new Client(hub, room.participantToken, 'Tom');
  const w1 = await tab1.open({ seat: seatKey('tom') });
  const tab2 = new Client(hub, room.participantToken, 'Tom');
  const w2 = await tab2.open({ seat: seatKey('tom') });
  assert.equal(w2.you.participant, w1.you.participant, 'one Tom, not two');
  assert.equal(w2.resumed, true);
  assert.equal((await tab1.ws.closed).code, 4001, 'the older tab is replaced');
  const other = new Client(hub, room.participantToken, 'Tom');
  const w3 = await other.open({ seat: seatKey('tom2') });
  assert.notEqual(w3.you.participant, w1.you.participant, 'another browser: another seat');
  const snap = await snapshot(hub, f);
  assert.equal(snap.room.participants.length, 3);
});

test('remove: 4006, no way back by resume or seat key; the shared link makes someone new', async () => {
  const hub = await hubAt();
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Fanny');
  await f.open();
  const k = new Client(hub, room.participantToken, 'Karim');
  await k.open({ seat: seatKey('k') });
  await k.do('hand.raise');
  assert.equal((await k.send('participant.remove', { participant: f.id })).code, 'forbidden');
  assert.equal((await f.send('participant.remove', { participant: f.id })).code, 'conflict', 'not oneself');
  assert.equal((await f.send('participant.remove', { participant: 99 })).code, 'not_found');
  await f.do('participant.remove', { participant: k.id });
  assert.equal((await k.ws.closed).code, 4006, 'closed with 4006 removed');
  await sleep(50);
  const gone = f.state.participant(k.id);
  assert.equal(gone.seat, 'removed');
  assert.equal(gone.connected, false);
  assert.deepEqual(f.state.room.hands, [], 'their hand is down');
  const back = await k.reopen();
  assert.equal(back.code, 'removed', 'resume refused');
  assert.equal((await k.ws.closed).code, 4006);
  const fresh = new Client(hub, room.participantToken, 'Karim');
  const w = await fresh.open({ seat: seatKey('k') });
  assert.equal(w.type, 'welcome', 'the shared link: someone new');
  assert.notEqual(w.you.participant, k.id);
  await f.do('participant.remove', { participant: w.you.participant });
  await f.do('room.lock');
  const locked = await new Client(hub, room.participantToken, 'Karim').open({ seat: seatKey('k') });
  assert.equal(locked.code, 'locked', 'removed and locked: no way in');
});

test('end: every command gets ended, the timer stops, members can still read', async () => {
  const hub = await hubAt();
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Fanny');
  const k = new Client(hub, room.participantToken, 'Karim');
  await f.open();
  await k.open();
  await f.do('timer.start');
  assert.equal((await k.send('room.end')).code, 'forbidden');
  await f.do('room.end');
  await sleep(50);
  assert.equal(k.state.room.ended, true);
  assert.equal(k.state.room.timer.status, 'paused');
  assert.equal(await metricOf(hub, 'codevhub_rooms_ended'), 1, 'metrics: one room ended');
  for (const [c, type, fields] of [[f, 'step.next', {}], [f, 'timer.resume', {}], [k, 'hand.raise', {}],
    [k, 'name.set', { name: 'K' }], [f, 'room.unlock', {}], [f, 'room.end', {}]]) {
    assert.equal((await c.send(type, fields)).code, 'ended', type);
  }
  await k.close();
  const w = await k.reopen(false);
  assert.equal(w.type, 'welcome', 'a member still comes back to read');
  assert.equal(w.room.ended, true);
  const late = await new Client(hub, room.participantToken, 'Late').open();
  assert.equal(late.code, 'ended', 'nobody new joins an ended room');
});

test('restart: locked, ended and removed survive', async () => {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  let hub = await startHub({ dataDir, keepData: true });
  const a = await createRoom(hub);
  const b = await createRoom(hub);
  const fa = new Client(hub, a.facilitatorToken, 'Fanny');
  const fb = new Client(hub, b.facilitatorToken, 'Bea');
  const k = new Client(hub, a.participantToken, 'Karim');
  await fa.open();
  await fb.open();
  await k.open({ seat: seatKey('k') });
  await fa.do('participant.remove', { participant: k.id });
  await fa.do('room.lock');
  await fb.do('room.end');
  const before = (await snapshot(hub, fa)).room;
  await hub.stop();
  hub = await hubAt({ dataDir });
  const fa2 = new Client(hub, a.facilitatorToken, 'Fanny');
  const w = await fa2.open({ resume: fa.resume });
  assert.equal(w.room.locked, true, 'still locked');
  assert.equal(w.room.participants.find((p) => p.id === k.id).seat, 'removed', 'still removed');
  assert.deepEqual(w.room.participants.map((p) => [p.id, p.seat]), before.participants.map((p) => [p.id, p.seat]));
  k.hub = hub;
  assert.equal((await k.reopen()).code, 'removed', 'the removed resume secret is still refused');
  assert.equal((await new Client(hub, a.participantToken, 'New').open()).code, 'locked');
  const fb2 = new Client(hub, b.facilitatorToken, 'Bea');
  const wb = await fb2.open({ resume: fb.resume });
  assert.equal(wb.room.ended, true, 'still ended');
  assert.equal((await fb2.send('step.next')).code, 'ended');
});

const LIB = ['x86_64-linux-gnu', 'aarch64-linux-gnu']
  .map((arch) => `/usr/lib/${arch}/faketime/libfaketime.so.1`).find(existsSync);

test('11 ghosts: room_full in words, then freed after seat_release_minutes (restart, clock +40 min)', async () => {
  assert.ok(LIB, 'package faketime');
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  const shift = path.join(dir, 'faketime');
  const faked = (offset) => {
    writeFileSync(shift, `${offset}\n`);
    return startHub({ dataDir, keepData: true, config: { limits: { max_participants: 16 } }, env: {
      LD_PRELOAD: LIB, FAKETIME_TIMESTAMP_FILE: shift, FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      ASAN_OPTIONS: `${process.env.ASAN_OPTIONS || ''}:verify_asan_link_order=0` } });
  };
  let hub = await faked('+0');
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Fanny');
  await f.open();
  const here = [];
  for (let i = 0; i < 4; i++) {
    here.push(new Client(hub, room.participantToken, `Here${i}`));
    await here[i].open();
  }
  const ghosts = [];
  for (let i = 0; i < 11; i++) { // tabs that came and went
    const g = new Client(hub, room.participantToken, 'Tom');
    await g.open();
    await g.close();
    ghosts.push(g);
  }
  const full = await new Client(hub, room.participantToken, 'Newcomer').open();
  assert.equal(full.code, 'room_full', '16 seats: 5 here, 11 away');
  assert.match(full.message, /seat/);
  await hub.stop();
  hub = await faked('+40m');
  hubs.push(hub);
  for (const c of [f, ...here]) { // the people present reconnect at once
    c.hub = hub;
    assert.equal((await c.reopen(false)).type, 'welcome');
  }
  const n = new Client(hub, room.participantToken, 'Newcomer');
  const w = await n.open();
  assert.equal(w.type, 'welcome', 'away for 40 minutes: their seats were freed');
  const seats = w.room.participants.map((p) => p.seat || 'taken');
  assert.equal(seats.filter((s) => s === 'released').length, 11, 'the 11 ghosts released');
  assert.equal(w.room.participants.find((p) => p.id === 1).seat, undefined, 'never the facilitator');
  // The releases are logged inputs: a second restart replays them (its seq checks included).
  await hub.stop();
  hub = await faked('+40m');
  hubs.push(hub);
  for (const c of [f, n]) c.hub = hub;
  const w2 = await f.reopen(false);
  assert.equal(w2.room.participants.filter((p) => p.seat === 'released').length, 11, 'still released after a replay');
  assert.doesNotMatch(hub.stderr(), /replay_diverged|restore_failed/);
  // The released come back to their own seat when one is free.
  for (const g of ghosts) g.hub = hub;
  const back = await ghosts[0].reopen(false);
  assert.equal(back.type, 'welcome');
  assert.equal(back.you.participant, ghosts[0].id);
  await sleep(100); // the welcome, then seat.changed (taken) and participant.returned
  const me = ghosts[0].state.participant(ghosts[0].id);
  assert.equal(me.seat, undefined, 'seat taken again');
  assert.equal(me.connected, true);
});
