// Documentation that must follow the binary: the man page renders without
// warnings and names every option, signal, config section and reloadable
// key; the README's configuration reference is exactly what the binary
// prints (scripts/update-docs regenerates it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runHub, SOURCE_ROOT } from './lib/hub.js';

const MAN = path.join(SOURCE_ROOT, 'docs', 'codevhub.8');
const source = readFileSync(MAN, 'utf8');
// The man source as text: "\-" is a hyphen, font escapes go.
const manText = source.replace(/\\-/g, '-').replace(/\\f[BIRP]/g, '').replace(/\\~/g, ' ');

test('the man page renders without warnings (groff and man)', () => {
  const g = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', MAN], { encoding: 'utf8' });
  assert.equal(g.error, undefined, 'groff runs (scripts/setup --test installs groff-base)');
  assert.equal(g.status, 0, g.stderr);
  assert.equal(g.stderr, '');
  const m = spawnSync('man', ['--warnings', '-E', 'UTF-8', '-l', MAN],
    { encoding: 'utf8', env: { ...process.env, MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat' } });
  assert.equal(m.error, undefined, 'man runs (scripts/setup --test installs man-db)');
  assert.equal(m.status, 0, m.stderr);
  assert.equal(m.stderr, '');
  for (const h of ['NAME', 'SYNOPSIS', 'OPTIONS', 'SIGNALS', 'CONFIGURATION', 'FILES', 'EXIT STATUS']) {
    assert.match(m.stdout, new RegExp(`^${h}$`, 'm'), h);
  }
});

test('every option and signal of --help is in the man page', async () => {
  const help = (await runHub(['--help'])).stdout;
  const options = [...new Set(help.match(/--[a-z][a-z-]*/g))];
  assert.ok(options.length >= 9, options.join(' '));
  for (const o of options) assert.match(manText, new RegExp(`^\\.[A-Z]+ .*${o}\\b`, 'm'), `${o} documented`);
  for (const s of help.match(/SIG[A-Z]+/g)) assert.ok(manText.includes(s), s);
});

test('the man page names every config section and exactly the reloadable keys', async () => {
  const ref = (await runHub(['--print-config-reference'])).stdout;
  for (const [, s] of ref.matchAll(/^\[([a-z]+)\]$/gm)) assert.match(manText, new RegExp(`^\\.B \\[${s}\\]$`, 'm'), s);
  const reloadable = [...ref.matchAll(/\[reloadable: SIGHUP\]\n([a-z_]+) = /g)].map((m) => m[1]).sort();
  assert.ok(reloadable.length >= 10);
  const sighup = manText.slice(manText.indexOf('.B SIGHUP'), manText.indexOf('.SH CONFIGURATION'));
  const listed = [...sighup.matchAll(/^\.BR ([a-z_]+) [,.]$/gm)].map((m) => m[1]).sort();
  assert.deepEqual(listed, reloadable);
});

test('the exit statuses of the man page are the README\'s', () => {
  const readme = readFileSync(path.join(SOURCE_ROOT, 'README.md'), 'utf8');
  assert.match(readme, /Exit status: 0 clean stop, 1 runtime failure, 2 bad usage, configuration or unusable store/);
  const exits = manText.slice(manText.indexOf('.SH EXIT STATUS'), manText.indexOf('.SH ENVIRONMENT'));
  assert.deepEqual([...exits.matchAll(/^\.B (\d)$/gm)].map((m) => m[1]), ['0', '1', '2']);
});

test('the README configuration reference is the binary\'s (scripts/update-docs)', async () => {
  const readme = readFileSync(path.join(SOURCE_ROOT, 'README.md'), 'utf8');
  const begin = '<!-- BEGIN config-reference -->\n', end = '<!-- END config-reference -->';
  assert.ok(readme.includes(begin) && readme.includes(end), 'markers present');
  const inReadme = readme.slice(readme.indexOf(begin) + begin.length, readme.indexOf(end));
  const r = await runHub(['--print-config-reference', '--format', 'markdown']);
  assert.equal(r.code, 0);
  assert.equal(inReadme, r.stdout, 'README drifted from the config table: run scripts/update-docs');
  const keys = [...(await runHub(['--print-config-reference'])).stdout.matchAll(/^([a-z_]+) = /gm)].map((m) => m[1]);
  for (const k of keys) assert.ok(inReadme.includes(`| \`${k}\` |`), k);
});

test('--format is refused without --print-config-reference, and unknown formats', async () => {
  assert.equal((await runHub(['--format', 'markdown'])).code, 2);
  assert.equal((await runHub(['--print-config-reference', '--format', 'yaml'])).code, 2);
});
