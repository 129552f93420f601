// Disk full: on a tiny tmpfs the store's commits fail. Each command gets
// `storage` and no ack, the hub stays up, and once space is back the next
// commands succeed and nothing refused shows up in the room.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, tempDir } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';

const mnt = path.join(tempDir(), 'tiny');
let hub;

before(() => {
  mkdirSync(mnt);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mnt]);
});
after(async () => {
  if (hub) await hub.stop('SIGKILL');
  execFileSync('umount', ['-l', mnt]);
});

test('a full disk refuses commands with storage; the hub recovers when space is back', async () => {
  hub = await startHub({ dataDir: path.join(mnt, 'data'), keepData: true });
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  const ok1 = await f.do('notes.update', { text: 'before the disk filled' });
  await f.untilSeq(ok1.seq);

  const { bavail, bsize } = statfsSync(mnt);
  const filler = path.join(mnt, 'filler');
  writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 96 * 1024)));

  let refused = null, n = 0;
  const refusedTexts = [];
  while (!refused && n < 400) {
    const text = `${'x'.repeat(6000)} ${n++}`;
    const r = await f.send('notes.update', { text });
    if (r.type === 'error') {
      assert.equal(r.code, 'storage', r.message);
      refused = r;
      refusedTexts.push(text);
    }
  }
  assert.ok(refused, `a command was refused with storage after ${n}`);
  // As large as the refused one: a smaller command may legitimately fit in
  // the WAL space the failed commit had already allocated, and whether it
  // does depends on when the hub's alive beat (a 4 KB frame) was written.
  const stillFull = `${'x'.repeat(6000)} still full`;
  const again = await f.send('notes.update', { text: stillFull });
  assert.equal(again.code, 'storage', 'refused while the disk is full');
  refusedTexts.push(stillFull);
  const health = await fetch(`${hub.base}/healthz`);
  assert.equal(health.status, 200, 'the hub is up');
  const pong = await f.ws.request({ type: 'ping', id: 'p', t0: 1 });
  assert.equal(pong.type, 'pong');

  rmSync(filler);
  const ok2 = await f.send('notes.update', { text: 'after space came back' });
  assert.equal(ok2.type, 'ack', JSON.stringify(ok2));
  await f.untilSeq(ok2.seq);
  assert.equal(f.state.room.notes, 'after space came back');
  assert.deepEqual(f.errors, []);
  const exit = await hub.stop('SIGTERM');
  hub = null;
  assert.equal(exit.code, 0);
  const restarted = await startHub({ dataDir: path.join(mnt, 'data'), keepData: true });
  const probe = new Client(restarted, room.facilitatorToken, null);
  const w = await probe.open({ resume: f.resume });
  assert.equal(w.room.notes, 'after space came back', 'the refused commands are not in the room');
  await restarted.stop('SIGTERM');
});
