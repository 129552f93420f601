// The wall clock jumps (Debian's libfaketime, monotonic clock untouched):
// a running countdown stays within 1 s of the truth, and a restart after
// the clock went backwards brings the timer back paused and flagged.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, tempDir } from './lib/hub.js';
import { Client, createRoom, sleep } from './lib/client.js';

const LIB = ['x86_64-linux-gnu', 'aarch64-linux-gnu']
  .map((a) => `/usr/lib/${a}/faketime/libfaketime.so.1`).find(existsSync);
const dir = tempDir();
const shift = path.join(dir, 'faketime');
const hubs = [];
after(async () => { for (const h of hubs) await h.stop('SIGKILL'); });

function faked(offset, dataDir) {
  writeFileSync(shift, `${offset}\n`);
  return startHub({ dataDir, keepData: true, env: {
    LD_PRELOAD: LIB, FAKETIME_TIMESTAMP_FILE: shift, FAKETIME_NO_CACHE: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    ASAN_OPTIONS: `${process.env.ASAN_OPTIONS || ''}:verify_asan_link_order=0`,
  } }).then((h) => { hubs.push(h); return h; });
}

// Remaining time as a client computes it: deadline minus the hub's clock.
async function remaining(c) {
  const w = await c.reopen(false);
  const pong = await c.ws.request({ type: 'ping', id: `p${Date.now()}`, t0: Date.now() });
  assert.equal(w.room.timer.status, 'running');
  return { left: w.room.timer.deadline_ms - pong.server_ms, server: pong.server_ms };
}

test('libfaketime is installed', () => assert.ok(LIB, 'package faketime'));

test('the wall clock jumps +1 h and -1 h while a timer runs: the countdown stays within 1 s', async () => {
  const hub = await faked('+0', path.join(dir, 'a'));
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  await f.do('timer.start');
  const t0 = Date.now();
  const a = await remaining(f);
  for (const jump of ['+1h', '-1h']) {
    writeFileSync(shift, `${jump}\n`);
    await sleep(300);
    const b = await remaining(f);
    const expectedJump = jump === '+1h' ? 3600e3 : -3600e3;
    assert.ok(Math.abs(b.server - a.server - expectedJump) < 5000, `the hub's wall clock jumped ${jump}`);
    const truth = a.left - (Date.now() - t0);
    assert.ok(Math.abs(b.left - truth) < 1000, `${jump}: left ${b.left} vs ${truth}`);
  }
});

test('a restart after the clock went backwards brings the timer back paused and flagged', async () => {
  const data = path.join(dir, 'b');
  let hub = await faked('+0', data);
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  await f.do('timer.start');
  await sleep(1500); // the hub records that it is alive
  await hub.stop('SIGKILL');
  hub = await faked('-1h', data);
  f.hub = hub;
  const w = await f.reopen(false);
  assert.equal(w.room.timer.status, 'paused');
  const log = execFileSync('sqlite3', [path.join(data, 'codevhub.db'),
    'SELECT data FROM inputs WHERE kind = 4']).toString();
  assert.match(log, /restart_clock_backwards/);
  assert.match(hub.stderr(), /clock_went_backwards/);
});
