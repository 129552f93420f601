// Measures the store's cost on this machine (not a test):
//  1. commands per second and hub CPU per command, with group commit and
//     with one commit per command ([store] group_commit), synchronous=FULL;
//  2. restart time with 1,000 rooms in the store.
// usage: CODEVHUB_BIN=build-release/src/codevhub node tests/bench/durability-bench.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, tempDir } from '../integration/lib/hub.js';
import { Client, createRoom } from '../integration/lib/client.js';

const ROOMS = 20, PER_ROOM = 5, WINDOW = 4, SECONDS = 5;
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
};

async function throughput(groupCommit) {
  const hub = await startHub({ config: { store: { group_commit: groupCommit } } });
  const clients = [];
  for (let r = 0; r < ROOMS; r++) {
    const room = await createRoom(hub);
    const f = new Client(hub, room.facilitatorToken, `F${r}`);
    await f.open();
    clients.push(f);
    for (let i = 1; i < PER_ROOM; i++) {
      const c = new Client(hub, room.participantToken, `P${r}.${i}`);
      await c.open();
      clients.push(c);
    }
  }
  let acks = 0, n = 0;
  const until = Date.now() + SECONDS * 1000;
  const cpu0 = cpuMs(hub.child.pid), t0 = Date.now();
  await Promise.all(clients.map(async (c) => {
    const lane = async () => {
      while (Date.now() < until) {
        const r = await c.send('name.set', { name: `${c.name} ${n++ % 1000}` });
        if (r.type === 'ack') acks++;
      }
    };
    await Promise.all(Array.from({ length: WINDOW }, lane));
  }));
  const wall = Date.now() - t0, cpu = cpuMs(hub.child.pid) - cpu0;
  await hub.stop();
  return { acks, perSec: Math.round(acks / (wall / 1000)), cpuUsPerCmd: Math.round((cpu * 1000) / acks) };
}

async function restart() {
  const dir = path.join(tempDir(), 'data');
  let hub = await startHub({ dataDir: dir, keepData: true, config: { limits: { max_rooms: 2000 } } });
  for (let r = 0; r < 1000; r++) {
    const room = await createRoom(hub);
    const f = new Client(hub, room.facilitatorToken, 'F');
    await f.open();
    for (let i = 0; i < 10; i++) await f.do('notes.update', { text: `room ${r} note ${i}` });
    await f.do('timer.start');
    f.ws.close();
  }
  await hub.stop('SIGTERM');
  const t0 = Date.now();
  hub = await startHub({ dataDir: dir, keepData: true, config: { limits: { max_rooms: 2000 } } });
  const wall = Date.now() - t0;
  const restored = hub.stderr().match(/restored rooms=(\d+) diverged=(\d+) ms=(\d+)/);
  await hub.stop();
  return { wall, rooms: Number(restored[1]), diverged: Number(restored[2]), replayMs: Number(restored[3]) };
}

const g = await throughput(true);
const s = await throughput(false);
console.log(`group commit:       ${g.perSec} commands/s, ${g.cpuUsPerCmd} us hub CPU per command (${g.acks} acks)`);
console.log(`commit per command: ${s.perSec} commands/s, ${s.cpuUsPerCmd} us hub CPU per command (${s.acks} acks)`);
console.log(`throughput ratio group/single: ${(g.perSec / s.perSec).toFixed(2)}`);
const r = await restart();
console.log(`restart with ${r.rooms} rooms (11 commands + presence each): replay ${r.replayMs} ms, ` +
  `process start to organizer link ${r.wall} ms, diverged ${r.diverged}`);
