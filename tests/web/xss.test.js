// Display names and every text field filled with classic XSS payloads
// render as text: no dialog opens, no script runs, no element is injected,
// and the page reports no CSP violation (which would mean an attempt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './lib/browser.js';
import { startFastHub, enter, assignRole, createRoom, nextStep } from './lib/room.js';

const P = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("xss")</script>',
  '"><svg/onload=alert(document.domain)>',
  "javascript:alert('x')//",
  '<iframe srcdoc="<script>parent.alert(1)</script>">',
  '{{constructor.constructor(\'alert(1)\')()}} ${alert(1)}',
  '</textarea><a href="javascript:alert(1)">clic</a>',
];

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 60 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

async function add(page, testid, text) {
  await page.fill(`[data-testid="${testid}"]`, text);
  await page.click(`[data-testid="${testid}-submit"]`);
}

test('hostile names and texts render as text everywhere', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const f = await enter(browser, room.facilitator_link, P[0]);
  const c = await enter(browser, room.participant_link, P[1]);
  const k = await enter(browser, room.participant_link, P[2]);
  const all = [f, c, k];
  try {
    await assignRole(f.page, P[1], 'client');
    await assignRole(f.page, P[2], 'scribe');
    // Step 1: the sheet, every field.
    await c.page.fill('[data-testid="sheet.title"]', P[3]);
    await c.page.fill('[data-testid="sheet.question"]', P[4]);
    await c.page.fill('[data-testid="sheet.context"]', P.join('\n'));
    await c.page.fill('[data-testid="sheet.tried"]', P[5]);
    await c.page.fill('[data-testid="sheet.help_wanted"]', P[6]);
    await c.page.click('[data-testid="sheet-save"]');
    await f.page.locator('.sheet-title', { hasText: P[3] }).waitFor();
    // Notes, by the scribe.
    await k.page.fill('[data-testid="notes"]', P.join('\n'));
    await k.page.click('[data-testid="notes-save"]');
    await c.page.locator('[data-testid="notes-view"]').waitFor();
    // Step 2: a question and its answer.
    await nextStep(f.page);
    await k.page.locator('[data-testid="question-input"]').waitFor();
    await add(k.page, 'question-input', P[0]);
    await c.page.locator('[data-testid="answer-input"]').fill(P[2]);
    await c.page.click('[data-testid="answer-submit"]');
    await f.page.locator('.answer', { hasText: P[2] }).waitFor();
    // Step 3: the contract.
    await nextStep(f.page);
    await c.page.fill('[data-testid="contract"]', P[4]);
    await c.page.click('[data-testid="contract-save"]');
    await f.page.locator('[data-testid="contract-view"]', { hasText: P[4] }).waitFor();
    // Step 4: a suggestion, kept.
    await nextStep(f.page);
    await k.page.locator('[data-testid="suggestion-input"]').waitFor();
    await add(k.page, 'suggestion-input', P[6]);
    await c.page.click('[data-testid="keep"]');
    await f.page.locator('[data-testid="suggestion"][data-kept="true"]').waitFor();
    // Step 5: the plan.
    await nextStep(f.page);
    await c.page.fill('[data-testid="plan-action"]', P[5]);
    await c.page.fill('[data-testid="plan-when"]', P[1].slice(0, 40));
    await c.page.click('[data-testid="plan-save"]');
    await f.page.locator('[data-testid="plan-view"]', { hasText: P[5] }).waitFor();
    // Step 6: learnings.
    await nextStep(f.page);
    for (const p of all) await add(p.page, 'learning-input', P[all.indexOf(p)]);
    await f.page.waitForFunction(() => document.querySelectorAll('[data-testid="learning"]').length === 3);
    await f.page.waitForTimeout(300);

    for (const p of all) {
      const text = await p.page.textContent('#app');
      for (const s of [P[0], P[1], P[2], P[3], P[4], P[5], P[6]]) assert.ok(text.includes(s), `${s} shown as text`);
      const injected = await p.page.evaluate(() =>
        document.querySelectorAll('#app img, #app script, #app svg, #app iframe, #app a[href^="javascript"]').length);
      assert.equal(injected, 0, 'no element was injected');
      assert.equal(await p.page.evaluate(() => document.scripts.length), 1, 'only the module script');
      assert.deepEqual(p.dialogs, [], 'no dialog opened');
      assert.deepEqual(p.errors, [], 'no CSP violation or script error');
      const names = await p.page.$$eval('[data-testid="person-name"]', (els) => els.map((e) => e.textContent));
      assert.deepEqual(names, [P[0], P[1], P[2]]);
    }
    assert.equal(await f.page.title(), await f.page.evaluate(() => document.title));
  } finally {
    for (const p of all) await p.context.close();
  }
});
