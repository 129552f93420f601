// Twenty-four classic XSS payloads in every user-supplied field — names,
// the five sheet fields, contract, questions and answers, suggestions,
// plan actions and dates, learnings, notes — rendered by the page of a
// participant watching the room: no dialog, no CSP report or script
// error at any moment, no injected element, and the text shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './lib/browser.js';
import { startFastHub, enter, createRoom } from './lib/room.js';
import { Client } from '../integration/lib/client.js';

export const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<iframe src="javascript:alert(1)">',
  '<body onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror=alert(1)>',
  '<object data="javascript:alert(1)">',
  '<embed src="javascript:alert(1)">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=import href=data:text/html,<script>alert(1)</script>>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<form><button formaction=javascript:alert(1)>x</button></form>',
  '<marquee onstart=alert(1)>x</marquee>',
  '\u003cimg src=x onerror=alert(1)\u003e',
];

let hub, browser, watcher, room, fac, client, cons;
before(async () => {
  hub = await startFastHub({ seconds: 600 });
  browser = await launch();
  room = await createRoom(hub, { template: 'fast' });
  fac = new Client(hub, room.facilitator_link.split('#')[1], 'Anne');
  await fac.open();
  client = new Client(hub, room.participant_link.split('#')[1], 'Bruno');
  await client.open();
  cons = new Client(hub, room.participant_link.split('#')[1], 'Chloé');
  await cons.open();
  await fac.do('role.assign', { participant: client.id, role: 'client' });
  await fac.do('role.assign', { participant: cons.id, role: 'scribe' });
  watcher = await enter(browser, room.participant_link, 'Watcher');
});
after(async () => {
  await watcher?.context.close();
  await browser?.close();
  await hub?.stop();
});

// After the page shows `marker`, nothing was injected and nothing ran.
async function checkPage(marker, expectTexts) {
  await watcher.page.waitForFunction((m) => document.body.textContent.includes(m), marker);
  // The page's own markup never carries inline handlers or these tags.
  const injected = await watcher.page.evaluate(() => document.querySelectorAll(
    '#app [onerror], #app [onload], #app [ontoggle], #app [onfocus], #app [onstart], ' +
    '#app [formaction], #app [autofocus], #app script, #app iframe, #app object, #app embed, ' +
    '#app video, #app marquee, #app math, #app meta, #app link, #app img[src="x"], ' +
    '#app a[href^="javascript"]').length);
  assert.equal(injected, 0, 'no element injected');
  assert.equal(await watcher.page.evaluate(() => document.scripts.length), 1, 'only the module script');
  const text = await watcher.page.textContent('#app');
  for (const t of expectTexts) assert.ok(text.includes(t), `shown as text: ${t}`);
  assert.deepEqual(watcher.dialogs, [], 'no dialog opened');
  assert.deepEqual(watcher.errors, [], 'no CSP report or script error');
}

test(`${PAYLOADS.length} payloads in names, sheet fields and notes`, async () => {
  assert.ok(PAYLOADS.length >= 20);
  for (const [i, p] of PAYLOADS.entries()) {
    await cons.do('name.set', { name: p.slice(0, 64) });
    await client.do('sheet.update', { title: p, question: p, context: `${p} c${i}`, tried: p, help_wanted: p });
    await cons.do('notes.update', { text: `${p} n${i}` });
    await checkPage(`n${i}`, [p.slice(0, 64), `${p} c${i}`]);
  }
});

test('in questions and answers, the contract, suggestions, the plan and learnings', async () => {
  await fac.do('step.next');
  for (const [i, p] of PAYLOADS.entries()) await cons.do('question.add', { text: `${p} q${i}` });
  const qs = fac.state.room.questions;
  for (const [i, q] of qs.entries()) await client.do('question.answer', { question: q.id, text: `${PAYLOADS[i]} a${i}` });
  await checkPage(`a${PAYLOADS.length - 1}`, PAYLOADS.map((p, i) => `${p} q${i}`));
  await fac.do('step.next');
  for (const [i, p] of PAYLOADS.entries()) {
    await client.do('contract.set', { text: `${p} k${i}` });
    await checkPage(`k${i}`, [`${p} k${i}`]);
  }
  await fac.do('step.next');
  for (const [i, p] of PAYLOADS.entries()) await cons.do('suggestion.add', { text: `${p} s${i}` });
  await checkPage(`s${PAYLOADS.length - 1}`, PAYLOADS.map((p, i) => `${p} s${i}`));
  await fac.do('step.next');
  const items = PAYLOADS.slice(0, 20).map((p, i) => ({ action: `${p} p${i}`, by_when: p.slice(0, 100) }));
  await client.do('plan.update', { items });
  await client.do('plan.update', { items: PAYLOADS.slice(4).map((p, i) => ({ action: `${p} r${i}`, by_when: p.slice(0, 100) })) });
  await checkPage('r19', PAYLOADS.slice(4).map((p, i) => `${p} r${i}`));
  await fac.do('step.next');
  for (const [i, p] of PAYLOADS.entries()) await cons.do('learning.add', { text: `${p} l${i}` });
  await checkPage(`l${PAYLOADS.length - 1}`, PAYLOADS.map((p, i) => `${p} l${i}`));
});
