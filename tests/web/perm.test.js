// The web client's mirror of the permission table (web-client/js/perm.js)
// against the rules written by hand in tests/fixtures/permissions.txt:
// check(room, you, cmd) for every command × role × step kind, on a
// minimal room, must answer what the fixture says (null when allowed,
// {code: 'forbidden' | 'wrong_step'} otherwise). No browser, no hub.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, effectiveRole } from '../../web-client/js/perm.js';
import { loadPermissions } from '../integration/lib/permfixture.js';

const table = loadPermissions();
const COMMANDS = Object.keys(table.permits).sort();

// One participant (id 1) of `role`, the room on one step of `kind`.
function room(role, kind, acting = 0) {
  return { participants: [{ id: 1, role }, { id: 2, role: 'facilitator' }], steps: [{ kind }], step: 0,
    acting_facilitator: acting, backup: acting };
}
const you = { participant: 1 };
const answer = (r) => (r === null ? 'ok' : r.code);

// Every cell; `as` is the column of the fixture that applies.
function compare(label, role, as, acting) {
  const wrong = [];
  let cells = 0;
  for (const cmd of COMMANDS) {
    for (const kind of table.kinds) {
      const want = table.permits[cmd][as][kind];
      const got = answer(check(room(role, kind, acting), you, cmd));
      cells++;
      if (got !== want) wrong.push(`${cmd} by ${label} in ${kind}: check() ${got}, fixture line ${table.lineOf[cmd]} ${want}`);
    }
  }
  return { wrong, cells };
}

test('the fixture has a row per command and a column per role', () => {
  assert.ok(COMMANDS.length >= 26, COMMANDS.join());
  assert.deepEqual([...table.roles].sort(), ['client', 'consultant', 'facilitator', 'observer', 'scribe']);
  assert.ok(table.kinds.length >= 7, table.kinds.join());
});

for (const role of ['facilitator', 'client', 'consultant', 'scribe', 'observer']) {
  test(`check() for a ${role}: every command × step kind as the fixture says`, () => {
    const { wrong, cells } = compare(role, role, role, 0);
    assert.equal(cells, COMMANDS.length * table.kinds.length);
    assert.deepEqual(wrong, []);
  });
}

// The backup acting for an absent facilitator holds facilitator rights (the
// backup is never the facilitator nor an observer); a backup who is not
// the one acting keeps their own role.
for (const role of ['client', 'consultant', 'scribe']) {
  test(`check() for a ${role} acting as facilitator: the facilitator column`, () => {
    assert.equal(effectiveRole(room(role, table.kinds[0], 1), you), 'facilitator');
    assert.deepEqual(compare(`acting ${role}`, role, 'facilitator', 1).wrong, []);
  });
  test(`check() for a ${role} while someone else acts: their own column`, () => {
    assert.deepEqual(compare(`${role} (2 acting)`, role, role, 2).wrong, []);
  });
}

test('a command without a row in the fixture is forbidden to everyone', () => {
  for (const role of table.roles) {
    for (const cmd of ['hello', 'ping', 'console.watch', 'help.request', 'room.delete']) {
      assert.equal(answer(check(room(role, table.kinds[0]), you, cmd)), 'forbidden', `${cmd} by ${role}`);
    }
  }
});
