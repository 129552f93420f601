// A room's memory grows with it: members and the resume log start small
// and grow as people join and events accumulate, up to their limits
// (max_participants, resume_log_events). Past the first allocations
// nothing changes for the clients: everyone sees everyone, a resume within
// the log gets exactly the missed events, one beyond it gets a snapshot.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from './lib/hub.js';
import { Client, createRoom, sleep } from './lib/client.js';
import { templatesDir } from './lib/templates.js';
import { stableView } from '../../web-client/js/state.js';

let hub;
after(async () => {
  await hub?.stop();
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
});

const caughtUp = async (c, seq) => {
  for (let t = 0; c.state.seq < seq; t++) {
    assert.ok(t < 100, `${c.name} reaches seq ${seq} (at ${c.state.seq})`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('16 people, resumes within and beyond the event log, then the participant limit (room_full)', async () => {
  hub = await startHub({ config: { limits: { max_participants: 16, resume_log_events: 64 } } });
  const room = await createRoom(hub);
  const people = [new Client(hub, room.facilitatorToken, 'Anne')];
  for (let i = 1; i < 16; i++) people.push(new Client(hub, room.participantToken, `P${i}`));
  for (const c of people) await c.open();
  const [f, away] = [people[0], people[5]];
  await caughtUp(f, people.at(-1).state.seq);
  for (const c of people) {
    await caughtUp(c, f.state.seq);
    assert.deepEqual(c.state.room.participants.map((p) => p.name), people.map((p) => p.name));
  }

  // 40 events while away: within the log (64), replayed one by one.
  away.ws.close();
  await away.ws.closed;
  for (let i = 0; i < 40; i++) await f.do('notes.update', { text: `n${i}` });
  let w = await away.reopen(true);
  assert.equal(w.type, 'welcome');
  assert.equal(w.room, undefined, 'no snapshot: the missed events follow');
  await caughtUp(away, f.state.seq);
  assert.deepEqual(away.errors, []);
  assert.equal(away.state.room.notes, 'n39');

  // 100 more: beyond the log, a snapshot.
  away.ws.close();
  await away.ws.closed;
  for (let i = 0; i < 100; i++) await f.do('notes.update', { text: `m${i}` });
  w = await away.reopen(true);
  assert.ok(w.room, 'a snapshot');
  await caughtUp(f, away.state.seq); // its return, seen by the facilitator
  assert.deepEqual(stableView(away.state.room), stableView(f.state.room));

  const late = new Client(hub, room.participantToken, 'Late');
  const r = await late.open();
  assert.equal(r.code, 'room_full', 'the 17th is refused');
});

// Remembered replies keep short ids inline and longer ones apart: a retry
// is recognised at every length, up to the 64-character maximum.
test('a retried command is applied once, whatever the length of its id', async () => {
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  const started = await f.do('timer.start');
  await caughtUp(f, started.seq);
  const d0 = f.state.room.timer.duration_ms;
  const lengths = [1, 15, 16, 17, 64];
  for (const n of lengths) {
    const id = 'r'.repeat(n);
    const first = await f.ws.request({ type: 'timer.extend', id, minutes: 1 });
    assert.equal(first.type, 'ack', `id of ${n}`);
    const again = await f.ws.request({ type: 'timer.extend', id, minutes: 1 });
    assert.deepEqual(again, first, `the retry of an id of ${n} gets the same reply`);
  }
  const w = await f.reopen(false);
  assert.equal(w.room.timer.duration_ms, d0 + lengths.length * 60000, 'each extension once');
});

// The rooms' deadlines live in one heap (deadlines.c): starts, extensions
// (a later deadline), pauses and resets (none), resumes and a deletion
// while running move rooms in and out of it. Every running timer expires,
// after its deadline; none of the stopped ones does.
test('timers of many rooms: each running one expires, the stopped ones do not', async () => {
  const h = await startHub({ config: { server: { templates_dir: templatesDir() } } });
  try {
    const rooms = [];
    for (let i = 0; i < 12; i++) {
      const room = await createRoom(h, { template: 'fast' });
      const f = new Client(h, room.facilitatorToken, `F${i}`);
      await f.open();
      rooms.push({ room, f, expired: null });
      f.ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.type === 'timer.expired') rooms[i].expired ??= Date.now();
      });
    }
    for (const r of [...rooms].reverse()) { r.sent = Date.now(); await r.f.do('timer.start'); }
    await rooms[1].f.do('timer.extend', { minutes: 1 }); // later: not within this test
    await rooms[2].f.do('timer.pause');
    await rooms[3].f.do('timer.reset');
    await rooms[4].f.do('timer.pause');
    await rooms[4].f.do('timer.resume');
    const gone = rooms[5];
    const del = await fetch(`${h.base}/api/rooms/${gone.room.room}`,
      { method: 'DELETE', headers: { Authorization: `Bearer ${h.organizerToken}` } });
    assert.equal(del.status, 204);
    await sleep(4500);
    for (const [i, r] of rooms.entries()) {
      if ([1, 2, 3, 5].includes(i)) assert.equal(r.expired, null, `room ${i}: no expiry`);
      else {
        assert.ok(r.expired, `room ${i} expired`);
        assert.ok(r.expired >= r.sent + 3000 - 1, `room ${i}: not before its deadline`);
      }
    }
  } finally {
    await h.stop();
  }
});
