// The application battery: bad inputs over live, hello'd connections. Each
// case gets its exact error code (and field) or close code, leaves the
// room exactly as it was (a full snapshot through a resume probe, compared
// with stableView) and is followed by a new client being answered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startHub, SOURCE_ROOT } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { connect } from './lib/ws.js';
import { lenient, snapshot, alive } from './lib/battery.js';

const INVALID = path.join(SOURCE_ROOT, 'proto', 'examples', 'invalid');
const expected = JSON.parse(readFileSync(path.join(INVALID, 'expected.json'), 'utf8'));

let hub, room, F, C, K, S, O, P, X;
let n = 0;

before(async () => {
  hub = await startHub({ config: lenient({ limits: { max_participants: 7, max_questions: 2, max_suggestions: 1 } }) });
  room = await createRoom(hub);
  F = new Client(hub, room.facilitatorToken, 'Anne');
  C = new Client(hub, room.participantToken, 'Bruno');
  K = new Client(hub, room.participantToken, 'Chloé');
  S = new Client(hub, room.participantToken, 'Dmitri');
  O = new Client(hub, room.participantToken, 'Eve');
  P = new Client(hub, room.participantToken, 'Probe');
  X = new Client(hub, room.participantToken, 'Filler');
  for (const c of [F, C, K, S, O, P, X]) await c.open();
  await F.do('role.assign', { participant: C.id, role: 'client' });
  await F.do('role.assign', { participant: S.id, role: 'scribe' });
  await F.do('role.assign', { participant: O.id, role: 'observer' });
  await K.do('hand.raise');
  await F.do('notes.update', { text: 'initial notes' });
});
after(async () => {
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  await hub.stop();
});

// Sends `msg` (object or raw string) as `who` and checks the answer
// against `want` = {code, field?, re?} or {close}. The room snapshot is
// the same before and after, and a new client is answered.
async function refused(who, msg, want) {
  const before = await snapshot(hub, P);
  const raw = typeof msg === 'string' || Buffer.isBuffer(msg);
  const id = raw ? undefined : (msg.id ?? `b${++n}`);
  who.ws.send(raw ? msg : JSON.stringify({ id, ...msg }), { binary: false });
  if (want.close) {
    const { code } = await who.ws.closed;
    const w = await who.reopen(false); // back in place for the next case
    assert.equal(w.type, 'welcome');
    assert.equal(code, want.close);
  } else {
    const re = 're' in want ? want.re : id;
    const r = await who.ws.next((m) => ['error', 'ack', 'welcome'].includes(m.type) && m.re === re);
    assert.equal(r.type, 'error', JSON.stringify(r));
    assert.equal(r.code, want.code, r.message);
    assert.equal(r.field, want.field ?? undefined, `field of ${want.code}`);
    assert.equal(typeof r.message, 'string');
  }
  const after = await snapshot(hub, P);
  // A closed connection legitimately adds presence events (left, then
  // returned on reconnect); the room itself must be the same.
  if (!want.close) assert.equal(after.seq, before.seq, 'no event');
  assert.deepEqual(after.room, before.room);
  await alive(hub);
}

function isUtf8(bytes) {
  try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); return true; } catch { return false; }
}

// --- every invalid example of proto/, one case each ------------------------
for (const file of readdirSync(INVALID).sort()) {
  if (file === 'expected.json') continue;
  test(`invalid example ${file}`, async () => {
    const bytes = readFileSync(path.join(INVALID, file));
    if (!isUtf8(bytes)) return refused(F, bytes, { close: 1007 });
    const want = expected[file];
    assert.ok(want, `expected.json lists ${file}`);
    return refused(F, bytes.toString('utf8'), { code: want.code, field: want.field ?? undefined, re: want.re });
  });
}

// --- decoder edge cases beyond the examples --------------------------------
const decodeCases = [
  ['a 16-character non-ASCII unknown key (field cut on a character boundary)',
    `{"type":"round.next","id":"u1","${'é'.repeat(16)}":""}`, { code: 'bad_field', field: 'é'.repeat(15), re: 'u1' }],
  ['a 40-character ASCII unknown key (field cut to 31)',
    `{"type":"round.next","id":"u2","${'k'.repeat(40)}":1}`, { code: 'bad_field', field: 'k'.repeat(31), re: 'u2' }],
  ['a deeply nested value', `{"type":"name.set","id":"u3","name":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    { code: 'bad_json', re: null }], // beyond the parser's depth limit
  ['a name of 65 code points', { type: 'name.set', name: 'é'.repeat(65) }, { code: 'bad_field', field: 'name' }],
  ['a name with DEL', { type: 'name.set', name: 'a\u007fb' }, { code: 'bad_field', field: 'name' }],
  ['last_seq = 2^53', `{"type":"hello","id":"u4","token":"AAAA","last_seq":9007199254740992}`,
    { code: 'bad_field', field: 'last_seq', re: 'u4' }],
  ['plan item with an empty action', { type: 'plan.update', items: [{ action: '', by_when: '' }] },
    { code: 'bad_field', field: 'items[0].action' }],
  ['kept = "true"', { type: 'suggestion.keep', suggestion: 1, kept: 'true' }, { code: 'bad_field', field: 'kept' }],
  ['a role that is a number', { type: 'role.assign', participant: 2, role: 1 }, { code: 'bad_field', field: 'role' }],
  ['timer.extend by 1.5 minutes', { type: 'timer.extend', minutes: 1.5 }, { code: 'bad_field', field: 'minutes' }],
];
for (const [name, msg, want] of decodeCases) test(`decoder: ${name}`, () => refused(F, msg, want));

// --- semantic cases: roles, steps, ids, state (room at presentation) ---------
const semantic = () => [
  [K, 'step.next', {}, 'forbidden'],
  [C, 'timer.start', {}, 'forbidden'],
  [O, 'hand.raise', {}, 'forbidden'],
  [O, 'notes.update', { text: 'x' }, 'forbidden'],
  [K, 'notes.update', { text: 'x' }, 'forbidden'],
  [F, 'sheet.update', { title: 't', question: 'q', context: '', tried: '', help_wanted: '' }, 'forbidden'],
  [K, 'sheet.update', { title: 't', question: 'q', context: '', tried: '', help_wanted: '' }, 'forbidden'],
  [K, 'hand.lower', { participant: 1 }, 'forbidden'],
  [S, 'role.assign', { participant: 3, role: 'scribe' }, 'forbidden'],
  [O, 'floor.give', { participant: 0 }, 'forbidden'],
  [K, 'question.add', { text: 'too early' }, 'wrong_step'],
  [S, 'suggestion.add', { text: 'too early' }, 'wrong_step'],
  [C, 'contract.set', { text: 'too early' }, 'wrong_step'],
  [C, 'plan.update', { items: [] }, 'wrong_step'],
  [K, 'learning.add', { text: 'too early' }, 'wrong_step'],
  [C, 'enough.signal', {}, 'wrong_step'],
  [C, 'suggestion.keep', { suggestion: 1, kept: true }, 'wrong_step'],
  [C, 'question.answer', { question: 1, text: 'a' }, 'wrong_step'],
  [F, 'role.assign', { participant: 99, role: 'client' }, 'not_found'],
  [F, 'backup.set', { participant: 99 }, 'not_found'],
  [F, 'floor.give', { participant: 42 }, 'not_found'],
  [F, 'hand.lower', { participant: 77 }, 'not_found'],
  [F, 'step.goto', { step: 9 }, 'not_found'],
  [F, 'step.goto', { step: 6 }, 'not_found'],
  [F, 'backup.set', { participant: 5 }, 'conflict'], // an observer
  [F, 'backup.set', { participant: 1 }, 'conflict'], // the facilitator
  [F, 'floor.give', { participant: 5 }, 'conflict'], // an observer
  [F, 'role.assign', { participant: 1, role: 'consultant' }, 'conflict'],
  [F, 'step.goto', { step: 0 }, 'conflict'],
  [F, 'step.prev', {}, 'conflict'],
  [F, 'timer.pause', {}, 'conflict'],
  [F, 'timer.resume', {}, 'conflict'],
  [F, 'round.next', {}, 'conflict'],
  [F, 'step.goto', { step: 3 }, 'confirm_required'],
  [F, 'step.goto', { step: 5 }, 'confirm_required'],
  [F, 'step.goto', { step: 3, confirm: false }, 'confirm_required'],
];
for (const [i, [, type, , code]] of semantic().entries()) {
  test(`semantic ${i + 1}: ${type} → ${code}`, () => {
    const [who, , fields] = semantic()[i];
    return refused(who, { type, ...fields }, { code });
  });
}
test('a name of spaces only is bad_field naming "name"', () =>
  refused(K, { type: 'name.set', name: '   ' }, { code: 'bad_field', field: 'name' }));
test('a second hello on a hello\'d connection → conflict', () =>
  refused(K, { type: 'hello', token: room.participantToken, name: 'Again' }, { code: 'conflict' }));
test('the organizer token as a second hello → conflict, connection kept', () =>
  refused(K, { type: 'hello', token: hub.organizerToken, name: 'Org' }, { code: 'conflict' }));

// --- connection-level cases: a fresh socket --------------------------------
async function fresh(msg, want) {
  const before = await snapshot(hub, P);
  const ws = connect(hub);
  await ws.opened;
  const r = await ws.request({ id: 'f1', ...msg });
  assert.equal(r.type, 'error');
  assert.equal(r.code, want.code);
  assert.equal(r.field, want.field);
  if (want.close) assert.equal((await ws.closed).code, want.close);
  else ws.close();
  const after = await snapshot(hub, P);
  assert.equal(after.seq, before.seq);
  assert.deepEqual(after.room, before.room);
  await alive(hub);
}
test('a command before hello → unauthorized', () => fresh({ type: 'hand.raise' }, { code: 'unauthorized' }));
test('hello with the organizer token → unauthorized, 4003', () =>
  fresh({ type: 'hello', token: hub.organizerToken, name: 'Org' }, { code: 'unauthorized', close: 4003 }));
test('hello with an unknown resume secret → unauthorized, 4003', () =>
  fresh({ type: 'hello', token: room.participantToken, resume: 'A'.repeat(24) }, { code: 'unauthorized', close: 4003 }));
test('hello of a new participant without a name → bad_field name', () =>
  fresh({ type: 'hello', token: room.participantToken }, { code: 'bad_field', field: 'name' }));
test('hello into a full room (max_participants 7) → room_full', () =>
  fresh({ type: 'hello', token: room.participantToken, name: 'Eighth' }, { code: 'room_full' }));

// --- later steps: lists at their limits, ids, step rules ------------------------
test('questions step: limit, unknown question, wrong roles', async () => {
  await F.do('step.next');
  await K.do('question.add', { text: 'first?' });
  await S.do('question.add', { text: 'second?' });
  await refused(K, { type: 'question.add', text: 'third?' }, { code: 'limit' });
  await refused(C, { type: 'question.answer', question: 99, text: 'a' }, { code: 'not_found' });
  await refused(F, { type: 'question.add', text: 'f?' }, { code: 'forbidden' });
  await refused(C, { type: 'question.add', text: 'c?' }, { code: 'forbidden' });
  await refused(O, { type: 'question.answer', question: 1, text: 'a' }, { code: 'forbidden' });
  // The client may revise the sheet after the clarifying questions.
  await C.do('sheet.update', { title: 't', question: 'q revised', context: '', tried: '', help_wanted: '' });
});
test('consultation step: limit, unknown suggestion, wrong step and roles', async () => {
  await F.do('step.goto', { step: 3, confirm: true });
  await K.do('suggestion.add', { text: 'one idea' });
  await refused(S, { type: 'suggestion.add', text: 'over the limit' }, { code: 'limit' });
  await refused(C, { type: 'suggestion.keep', suggestion: 5, kept: true }, { code: 'not_found' });
  await refused(K, { type: 'question.add', text: 'late?' }, { code: 'wrong_step' });
  await refused(C, { type: 'contract.set', text: 'late' }, { code: 'wrong_step' });
  await refused(C, { type: 'sheet.update', title: '', question: '', context: '', tried: '', help_wanted: '' }, { code: 'wrong_step' });
  await refused(F, { type: 'suggestion.add', text: 'f' }, { code: 'forbidden' });
  await refused(O, { type: 'suggestion.add', text: 'o' }, { code: 'forbidden' });
  await refused(F, { type: 'step.goto', step: 5 }, { code: 'confirm_required' });
  await refused(K, { type: 'enough.signal' }, { code: 'forbidden' });
});
test('a retried id with other content is answered again and applies nothing', async () => {
  const first = await F.ws.request({ type: 'notes.update', id: 'same', text: 'retry-1' });
  assert.equal(first.type, 'ack');
  await P.untilSeq(first.seq).catch(() => {});
  const before = await snapshot(hub, P);
  const again = await F.ws.request({ type: 'notes.update', id: 'same', text: 'retry-2' });
  assert.deepEqual(again, first);
  const after = await snapshot(hub, P);
  assert.deepEqual(after, before);
  assert.equal(after.room.notes, 'retry-1');
});
