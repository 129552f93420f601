// Named crash points (test builds only: meson -Dcrash_points=true): the
// hub kills itself exactly before the commit of a command, right after it
// (before anything is sent), and in the middle of sending its output.
// A client that got no answer retries with the same id after the restart.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHub, tempDir } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';

const live = [];
after(async () => { for (const h of live) await h.stop('SIGKILL'); });

// A hub that dies at the 2nd commit carrying output: the 1st is the
// facilitator's hello, the 2nd the command under test.
async function scenario(point) {
  const dir = path.join(tempDir(), 'data');
  const armed = await startHub({ dataDir: dir, keepData: true,
    env: { CODEVHUB_CRASH_AT: `${point}:2` } });
  live.push(armed);
  const room = await createRoom(armed);
  const f = new Client(armed, room.facilitatorToken, 'Anne');
  await f.open();
  const seqBefore = f.state.seq;
  f.ws.send(JSON.stringify({ type: 'notes.update', id: 'X', text: 'v1' }));
  const exit = await armed.exited;
  assert.equal(exit.signal, 'SIGKILL', `died at ${point}`);
  assert.match(armed.stderr(), new RegExp(`crash point ${point} reached`));
  const gotAck = f.ws.inbox.find((m) => m.re === 'X');
  const hub = await startHub({ dataDir: dir, keepData: true });
  live.push(hub);
  f.hub = hub;
  const w = await f.reopen(true);
  assert.equal(w.type, 'welcome');
  return { f, hub, gotAck, seqBefore };
}

// The room as the hub holds it: the client reconnects for a full snapshot.
async function notesNow(hub, f) {
  const w = await f.reopen(false);
  return w.room.notes;
}

test('crash before the commit: not applied, no ack; the retry applies it once', async () => {
  const { f, hub, gotAck } = await scenario('before_commit');
  assert.equal(gotAck, undefined);
  assert.equal(await notesNow(hub, f), '');
  const r = await f.ws.request({ type: 'notes.update', id: 'X', text: 'v1' });
  assert.equal(r.type, 'ack');
  const again = await f.ws.request({ type: 'notes.update', id: 'X', text: 'v1' });
  assert.deepEqual(again, r);
  assert.equal(await notesNow(hub, f), 'v1');
});

test('crash after the commit, before the ack: applied; the retry gets the ack, nothing twice', async () => {
  const { f, hub, gotAck } = await scenario('after_commit');
  assert.equal(gotAck, undefined, 'nothing left before the crash');
  assert.equal(await notesNow(hub, f), 'v1', 'committed means kept');
  const seq = f.state.seq;
  const r = await f.ws.request({ type: 'notes.update', id: 'X', text: 'v1' });
  assert.equal(r.type, 'ack');
  assert.ok(r.seq <= seq, 'the remembered ack, not a new event');
  assert.equal(f.state.room.notes, 'v1', 'the resumed client caught up');
});

test('crash in the middle of sending: the ack got out, the event arrives by resume', async () => {
  const { f, hub, gotAck } = await scenario('mid_broadcast');
  assert.equal(gotAck?.type, 'ack');
  await f.untilSeq(gotAck.seq);
  assert.equal(f.state.room.notes, 'v1');
  assert.deepEqual(f.errors, []);
  assert.equal(await notesNow(hub, f), 'v1');
});
