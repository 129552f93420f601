// Reads tests/fixtures/permissions.txt (the permission rules written once
// by hand; format in its header) into the shape perm-export prints:
//   {permits: {<command>: {<role>: {<step kind>: 'ok' | 'forbidden' |
//    'wrong_step'}}}, others: {<command>: [<role>...]}}
// plus `kinds` (the `kinds` line, in order) and `roles` (the header's).
// Throws on any malformed line, naming it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SOURCE_ROOT } from './hub.js';

export const PERM_FIXTURE = path.join(SOURCE_ROOT, 'tests', 'fixtures', 'permissions.txt');

export function loadPermissions(file = PERM_FIXTURE) {
  const lines = readFileSync(file, 'utf8').split('\n');
  let kinds = null, roles = null;
  const permits = {}, others = {}, lineOf = {};
  const fail = (n, what) => { throw new Error(`${file}:${n}: ${what}`); };
  lines.forEach((text, i) => {
    const n = i + 1;
    const w = text.trim().split(/\s+/).filter(Boolean);
    if (!w.length || w[0].startsWith('#')) return;
    if (w[0] === 'kinds') {
      if (kinds) fail(n, 'second kinds line');
      kinds = w.slice(1);
      if (new Set(kinds).size !== kinds.length) fail(n, 'a step kind twice');
      return;
    }
    if (w[0] === 'command') {
      if (roles) fail(n, 'second header');
      if (w[w.length - 1] !== 'others') fail(n, 'the last column must be others');
      roles = w.slice(1, -1);
      if (new Set(roles).size !== roles.length) fail(n, 'a role twice');
      return;
    }
    if (!kinds || !roles) fail(n, 'row before the kinds and header lines');
    const [cmd, ...cells] = w;
    if (permits[cmd]) fail(n, `second row for ${cmd}`);
    if (cells.length !== roles.length + 1) fail(n, `${cmd}: ${cells.length} cells, want ${roles.length + 1}`);
    permits[cmd] = {};
    lineOf[cmd] = n;
    roles.forEach((role, j) => {
      const cell = cells[j];
      const allowed = cell === '-' ? [] : cell === '*' ? kinds : cell.split(',');
      for (const k of allowed) if (!kinds.includes(k)) fail(n, `${cmd}: unknown step kind ${k}`);
      if (cell !== '-' && !allowed.length) fail(n, `${cmd}: empty cell`);
      permits[cmd][role] = Object.fromEntries(kinds.map((k) =>
        [k, !allowed.length ? 'forbidden' : allowed.includes(k) ? 'ok' : 'wrong_step']));
    });
    const o = cells[roles.length];
    others[cmd] = o === '-' ? [] : o.split(',');
    for (const r of others[cmd]) {
      if (!roles.includes(r)) fail(n, `${cmd}: unknown role ${r} in others`);
      if (permits[cmd][r][kinds[0]] === 'forbidden') fail(n, `${cmd}: others lists ${r}, who may not send it`);
    }
  });
  if (!kinds || !roles) throw new Error(`${file}: no kinds line or no header`);
  return { kinds, roles, permits, others, lineOf };
}
