// The authorization matrix, generated: every request type of
// proto/schemas/requests/ (hello and ping aside) × every role × every step
// kind of the default template, sent with valid fields to the live hub,
// and compared with the rules written by hand in
// tests/fixtures/permissions.txt (never with the table under test). The
// core's own table (printed by perm-export, built from src/core/perm.c)
// must equal the fixture too. Plus the scopes: a link acts only in its
// room, nothing before hello, the organizer link never joins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, SOURCE_ROOT } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { connect } from './lib/ws.js';
import { lenient, snapshot, alive } from './lib/battery.js';
import { loadPermissions, PERM_FIXTURE } from './lib/permfixture.js';

const EXPORT = process.env.CODEVHUB_PERM_EXPORT ||
  path.join(path.dirname(process.env.CODEVHUB_BIN || ''), '..', 'tests', 'integration', 'perm-export');
// The expected values: the fixture. perm-export only gets compared with it.
const table = loadPermissions();
const exported = JSON.parse(execFileSync(EXPORT, { encoding: 'utf8' }));
const COMMANDS = readdirSync(path.join(SOURCE_ROOT, 'proto', 'schemas', 'requests'))
  .map((f) => f.replace(/\.json$/, ''))
  // Not room commands: the connection's first message, the clock probe,
  // the console's subscription, the call to the organizer (sessions.test.js) and a
  // client's records (records.test.js).
  .filter((t) => !['hello', 'ping', 'console.watch', 'help.request', 'records.list', 'record.get'].includes(t)).sort();
const ROLES = ['facilitator', 'client', 'consultant', 'scribe', 'observer'];
const TEMPLATE = JSON.parse(readFileSync(path.join(SOURCE_ROOT, 'config', 'templates', 'codev-90.json'), 'utf8'));
const KINDS = TEMPLATE.steps.map((s) => s.kind);

// Valid fields for each command; `who` is the sender (its own id is used
// where a target is needed, so a success changes no role).
function fields(type, who, step) {
  const sheet = { title: 't', question: 'q', context: 'c', tried: 'tr', help_wanted: 'h' };
  return {
    'name.set': { name: who.name }, 'role.assign': { participant: who.id, role: who.roleName },
    'backup.set': { participant: 0 }, 'step.next': { confirm: true }, 'step.prev': {},
    'step.goto': { step: step === 0 ? 1 : 0, confirm: true }, 'timer.start': {}, 'timer.pause': {},
    'timer.resume': {}, 'timer.reset': {}, 'timer.extend': { minutes: 1 }, 'hand.raise': {},
    'hand.lower': {}, 'floor.give': { participant: 0 }, 'round.start': {}, 'round.next': {},
    'sheet.update': sheet, 'contract.set': { text: 'contract' }, 'question.add': { text: 'q?' },
    'question.answer': { question: 1, text: 'a' }, 'suggestion.add': { text: 's' },
    'suggestion.keep': { suggestion: 1, kept: true }, 'enough.signal': {},
    'plan.update': { items: [{ action: 'act', by_when: 'monday' }] }, 'learning.add': { text: 'l' },
    'notes.update': { text: 'n' }, 'room.lock': {}, 'room.unlock': {}, 'room.end': {},
    // Oneself: refused as a conflict when permitted, so nobody leaves the matrix.
    'participant.remove': { participant: who.id },
    'participant.merge': { participant: who.id, into: who.id },
    // Question 1 may not exist yet: not_found (a state code) when permitted.
    'item.hide': { kind: 'question', item: 1, hidden: false },
  }[type];
}
// When permitted, these may still meet the room's state (never a
// permission code): the rest must be acknowledged.
const STATE_CODES = {
  'step.next': ['conflict'], 'step.prev': ['conflict'], 'timer.pause': ['conflict'],
  'timer.resume': ['conflict'], 'timer.start': ['conflict'], 'round.next': ['conflict'],
  'question.answer': ['not_found'], 'suggestion.keep': ['not_found'],
  'room.lock': ['conflict'], 'room.unlock': ['conflict'], 'participant.remove': ['conflict'],
  'participant.merge': ['conflict'],
  'item.hide': ['not_found'],
};
// Acknowledged, these would end the room for the rest of the matrix (every
// later command: `ended`): sent in a room of their own instead.
const FINAL = ['room.end'];

let hub;
before(async () => { hub = await startHub({ config: lenient() }); });
after(async () => {
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  await hub.stop();
});

test('the matrix covers every request type of the schemas and every command of the table', () => {
  assert.ok(COMMANDS.length >= 26, COMMANDS.join());
  assert.deepEqual(COMMANDS, Object.keys(table.permits).sort());
  assert.ok(KINDS.length >= 6);
  assert.deepEqual([...table.roles].sort(), [...ROLES].sort(), 'the fixture has a column per role');
  for (const k of KINDS) assert.ok(table.kinds.includes(k), `the fixture knows step kind ${k}`);
});

test('perm-export (the C table, src/core/perm.c) prints exactly the fixture', () => {
  const wrong = [];
  const cmds = new Set([...Object.keys(table.permits), ...Object.keys(exported.permits)]);
  for (const c of [...cmds].sort()) {
    if (!table.permits[c]) { wrong.push(`${c}: in perm-export, no row in ${PERM_FIXTURE}`); continue; }
    if (!exported.permits[c]) { wrong.push(`${c}: fixture line ${table.lineOf[c]}, not in perm-export`); continue; }
    for (const r of table.roles) {
      for (const k of table.kinds) {
        const want = table.permits[c][r][k], got = exported.permits[c][r]?.[k];
        if (got !== want) wrong.push(`${c} by ${r} in ${k}: perm-export ${got}, fixture line ${table.lineOf[c]} ${want}`);
      }
    }
    const o = [...(exported.others[c] || [])].sort(), w = [...table.others[c]].sort();
    if (o.join() !== w.join()) wrong.push(`${c} others: perm-export [${o}], fixture line ${table.lineOf[c]} [${w}]`);
  }
  assert.deepEqual(wrong, []);
  // The same, whole: no extra role, kind or key on either side.
  const sorted = (t) => ({ permits: t.permits,
    others: Object.fromEntries(Object.entries(t.others).map(([c, rs]) => [c, [...rs].sort()])) });
  assert.deepEqual(sorted(exported), sorted(table));
});

// A room with one member per role, moved to step index `step`.
async function roomAt(step) {
  const room = await createRoom(hub);
  const m = {};
  m.facilitator = new Client(hub, room.facilitatorToken, 'F');
  for (const r of ROLES.slice(1)) m[r] = new Client(hub, room.participantToken, r.slice(0, 1).toUpperCase());
  for (const r of ROLES) await m[r].open();
  for (const r of ROLES.slice(1)) if (r !== 'consultant') await m.facilitator.do('role.assign', { participant: m[r].id, role: r });
  for (const r of ROLES) m[r].roleName = r;
  if (step) await m.facilitator.do('step.goto', { step, confirm: true });
  return { room, m };
}

for (const [step, kind] of KINDS.entries()) {
  test(`matrix at step ${step} (${kind}): ${COMMANDS.length} commands × ${ROLES.length} roles`, async () => {
    const { m } = await roomAt(step);
    const wrong = [];
    for (const role of ROLES) {
      for (const type of COMMANDS) {
        const want = table.permits[type][role][kind];
        const who = want === 'ok' && FINAL.includes(type) ? (await roomAt(step)).m[role] : m[role];
        const r = await who.send(type, fields(type, who, step));
        const got = r.type === 'ack' ? 'ok' : r.code;
        const fine = want === 'ok' ? (got === 'ok' || (STATE_CODES[type] || []).includes(got)) : got === want;
        if (!fine) wrong.push(`${role} ${type}: want ${want} (fixture line ${table.lineOf[type]}), got ${got}`);
        // Only the step may move (facilitator's step commands): put it back.
        if (r.type === 'ack' && type.startsWith('step.')) {
          const back = await m.facilitator.send('step.goto', { step, confirm: true });
          assert.ok(back.type === 'ack' || back.code === 'conflict', JSON.stringify(back));
        }
      }
    }
    assert.deepEqual(wrong, []);
    const snap = await snapshot(hub, m.observer);
    assert.equal(snap.room.step, step);
    assert.deepEqual(snap.room.participants.map((p) => p.role), ROLES);
  });
}

test('hand.lower on someone else follows the fixture\'s "others" column', async () => {
  const { m } = await roomAt(0);
  await m.consultant.do('hand.raise');
  const wrong = [];
  for (const role of ROLES) {
    const r = await m[role].send('hand.lower', { participant: role === 'consultant' ? m.scribe.id : m.consultant.id });
    const may = table.permits['hand.lower'][role].presentation === 'ok';
    const want = !may ? table.permits['hand.lower'][role].presentation
      : table.others['hand.lower'].includes(role) ? 'ok' : 'forbidden';
    const got = r.type === 'ack' ? 'ok' : r.code;
    if (got !== want) wrong.push(`${role}: want ${want}, got ${got}`);
  }
  assert.deepEqual(wrong, []);
});

test('every command before hello → unauthorized', async () => {
  const ws = connect(hub);
  await ws.opened;
  for (const type of COMMANDS) {
    const r = await ws.request({ type, id: `x-${type}`, ...fields(type, { id: 1, name: 'n', roleName: 'client' }, 0) });
    assert.equal(r.type, 'error', type);
    assert.equal(r.code, 'unauthorized', type);
  }
  ws.close();
  await alive(hub);
});

test('the organizer link at hello → unauthorized and 4003', async () => {
  const ws = connect(hub);
  await ws.opened;
  const r = await ws.request({ type: 'hello', id: 'h', token: hub.organizerToken, name: 'Org' });
  assert.equal(r.code, 'unauthorized');
  assert.equal((await ws.closed).code, 4003);
  await alive(hub);
});

test('a link acts only in its own room', async () => {
  const a = await roomAt(0), b = await createRoom(hub);
  const before = await snapshot(hub, a.m.observer);
  const stranger = new Client(hub, b.facilitatorToken, 'Stranger');
  const w = await stranger.open();
  assert.equal(w.room.id, b.room);
  assert.notEqual(w.room.id, a.room.room);
  assert.equal(w.you.role, 'facilitator', 'first facilitator of room B');
  await stranger.do('notes.update', { text: 'room B only' });
  await stranger.do('step.next');
  const r = await stranger.send('role.assign', { participant: a.m.client.id, role: 'observer' });
  assert.equal(r.code, 'not_found', 'a pid of room A does not exist in room B');
  const after = await snapshot(hub, a.m.observer);
  assert.deepEqual(after, before, 'room A is untouched');
  assert.equal(a.m.facilitator.ws.inbox.filter((e) => e.type === 'notes.updated' || e.type === 'step.changed').length, 0);
});

test('a second facilitator link joins as consultant; a participant link never facilitates', async () => {
  const { room, m } = await roomAt(0);
  const second = new Client(hub, room.facilitatorToken, 'Second');
  assert.equal((await second.open()).you.role, 'consultant');
  const r = await second.send('step.next');
  assert.equal(r.code, 'forbidden');
  const snap = await snapshot(hub, m.observer);
  assert.equal(snap.room.participants.filter((p) => p.role === 'facilitator').length, 1);
});
