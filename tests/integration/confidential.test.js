// Confidentiality and isolation. A whole workshop is run with sentinel
// strings in every kind of room content and the links themselves; none of
// them ever reaches the hub's stdout or stderr, even at log_level debug.
// Then random traffic across 30 rooms (10 "organizations" × 3 rooms: one
// organizer per hub today) never delivers an event to another room.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { connect } from './lib/ws.js';
import { lenient, alive } from './lib/battery.js';

let hub, out = '';
before(async () => {
  hub = await startHub({ config: lenient({ log: { log_level: 'debug' } }) });
  hub.child.stdout.on('data', (d) => { out += d; });
});
after(async () => {
  await hub.stop();
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
});

const S = (what) => `SNTL${what}9q7`;

test('sentinels in every kind of content never reach the hub\'s output', async () => {
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, S('nameF'));
  const c = new Client(hub, room.participantToken, S('nameC'));
  const k = new Client(hub, room.participantToken, S('nameK'));
  for (const x of [f, c, k]) await x.open();
  await f.do('role.assign', { participant: c.id, role: 'client' });
  await k.do('name.set', { name: S('rename') });
  await c.do('sheet.update', { title: S('title'), question: S('question'), context: S('context'),
    tried: S('tried'), help_wanted: S('help') });
  await f.do('notes.update', { text: S('notes') });
  await f.do('step.next');
  await k.do('question.add', { text: S('q') });
  await c.do('question.answer', { question: 1, text: S('answer') });
  await f.do('step.next');
  await c.do('contract.set', { text: S('contract') });
  await f.do('step.next');
  await k.do('suggestion.add', { text: S('suggestion') });
  await f.do('step.next');
  await c.do('plan.update', { items: [{ action: S('action'), by_when: S('when') }] });
  await f.do('step.next');
  await k.do('learning.add', { text: S('learning') });
  // Refused inputs carrying sentinels: error messages and logs stay clean.
  for (const msg of [
    { type: 'name.set', id: 'e1', name: `${S('toolong')}${'x'.repeat(80)}` },
    { type: 'notes.update', id: 'e2', [S('key')]: 1 },
    { type: S('type'), id: 'e3' },
  ]) {
    const r = await k.ws.request(msg);
    assert.equal(r.type, 'error');
    assert.ok(!JSON.stringify({ ...r, re: null, field: null }).includes('SNTL'), `the error quotes nothing: ${JSON.stringify(r)}`);
  }
  assert.equal((await k.ws.request({ type: 'hand.raise', id: S('id') })).type, 'ack', 'a sentinel id');
  k.ws.send(`{"type":"notes.update","id":"e5","text":"${S('badjson')}"`);
  await k.ws.next((m) => m.type === 'error' && m.re === null);
  const bad = connect(hub);
  await bad.opened;
  await bad.request({ type: 'hello', id: 'e6', token: `${room.participantToken.slice(0, -4)}AAAA`, name: S('intruder') });
  await bad.closed;
  await k.close(); // presence and close logging
  await alive(hub);
  const logs = hub.stderr() + out;
  assert.match(hub.stderr(), /hello room=/, 'the hub does log (the check below is not vacuous)');
  assert.match(hub.stderr(), /request_refused/, 'debug lines are on');
  for (const t of [hub.organizerToken, room.facilitatorToken, room.participantToken, f.resume, c.resume]) {
    assert.ok(!logs.includes(t), 'a token or resume secret in the output');
    assert.ok(!logs.includes(t.slice(4, 20)), 'part of a token or resume secret in the output');
  }
  assert.doesNotMatch(logs, /SNTL/, 'a sentinel reached the output');
  assert.equal(out, '', 'stdout holds only the two startup lines (already read)');
});

// A deterministic PRNG: the traffic is random but the same every run.
function prng(seed) {
  return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x80000000; };
}

test('random traffic in 30 rooms never delivers an event to another room', async () => {
  const rooms = [];
  for (let org = 0; org < 10; org++) {
    for (let i = 0; i < 3; i++) {
      const r = await createRoom(hub);
      const tag = `ISO${r.room}ISO`;
      const members = [new Client(hub, r.facilitatorToken, `${tag}F`),
        new Client(hub, r.participantToken, `${tag}C`), new Client(hub, r.participantToken, `${tag}K`)];
      for (const m of members) await m.open();
      await members[0].do('role.assign', { participant: members[1].id, role: 'client' });
      rooms.push({ r, tag, members, last: 0 });
    }
  }
  const rnd = prng(4242);
  const ops = [
    (x, n) => x.members[0].send('notes.update', { text: `${x.tag} notes ${n}` }),
    (x, n) => x.members[1 + (n % 2)].send('name.set', { name: `${x.tag}${n}` }),
    (x, n) => x.members[1 + (n % 2)].send(n % 3 ? 'hand.raise' : 'hand.lower'),
    (x, n) => x.members[1].send('sheet.update', { title: `${x.tag}`, question: `${n}`, context: x.tag, tried: '', help_wanted: '' }),
    (x, n) => x.members[0].send(['timer.start', 'timer.pause', 'timer.resume', 'timer.reset'][n % 4]),
    (x) => x.members[0].send('floor.give', { participant: x.members[2].id }),
  ];
  const work = rooms.map(async (x, i) => {
    for (let n = 0; n < 20; n++) {
      const r = await ops[Math.floor(rnd() * ops.length)](x, n + i);
      if (r.type === 'ack' && r.seq) x.last = Math.max(x.last, r.seq);
    }
  });
  await Promise.all(work);
  for (const x of rooms) {
    assert.ok(x.last > 0);
    for (const m of x.members) {
      await m.untilSeq(x.last);
      assert.deepEqual(m.errors, [], 'every event applied in seq order');
      const seen = JSON.stringify(m.ws.inbox);
      for (const y of rooms) if (y !== x) assert.ok(!seen.includes(y.tag), `room ${x.r.room} saw an event of ${y.r.room}`);
      assert.ok(seen.includes(x.tag), 'it did see its own room');
    }
  }
  await alive(hub);
});
