// The method is guarded (issue 15), in the browser: the facilitator hides
// a question posted in the wrong place (advice asked as a question); the
// consultant's page shows it as hidden by the facilitator, its text
// collapsed; "Show again" restores it. The client revises the sheet's
// question after the clarifying questions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, screenshot } from './lib/browser.js';
import { startFastHub, enter, createRoom, assignRole, nextStep } from './lib/room.js';

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 120 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  await hub?.stop();
});

const question = (page) => page.locator('[data-testid="question"]').first();

test('the facilitator hides a question, the consultant sees it hidden, unhide restores it', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const anne = await enter(browser, room.facilitator_link, 'Anne');
  const bruno = await enter(browser, room.participant_link, 'Bruno');
  const chloe = await enter(browser, room.participant_link, 'Chloé');
  try {
    await assignRole(anne.page, 'Bruno', 'client');
    await nextStep(anne.page); // step 2: questions
    await chloe.page.waitForSelector('[data-testid="question-input"]');
    await chloe.page.fill('[data-testid="question-input"]', 'Have you thought of just firing them?');
    await chloe.page.click('[data-testid="question-input-submit"]');
    await chloe.page.waitForSelector('[data-testid="question"]');
    await chloe.page.fill('[data-testid="question-input"]', 'Since when do they not talk?');
    await chloe.page.click('[data-testid="question-input-submit"]');
    await anne.page.waitForFunction(() => document.querySelectorAll('[data-testid="question"] [data-testid="hide-toggle"]').length === 2);
    assert.equal(await chloe.page.locator('[data-testid="hide-toggle"]').count(), 0, 'only the facilitator hides');
    assert.equal(await bruno.page.locator('[data-testid="hide-toggle"]').count(), 0);

    await question(anne.page).locator('[data-testid="hide-toggle"]').click();
    await chloe.page.waitForSelector('[data-testid="question"][data-hidden="true"]');
    const q = question(chloe.page);
    assert.match(await q.locator('[data-testid="hidden-mark"]').textContent(), /Hidden by the facilitator/);
    assert.equal(await q.locator('.item-text').isVisible(), false, 'its text is collapsed');
    await q.locator('summary').click();
    assert.equal(await q.locator('.item-text').isVisible(), true, 'and can be unfolded: kept, not deleted');
    await bruno.page.waitForSelector('[data-testid="question"][data-hidden="true"]');
    await screenshot(chloe.page, 'hide-question-consultant');
    // The client's record leaves the hidden question out.
    const [dl] = await Promise.all([bruno.page.waitForEvent('download'), bruno.page.click('[data-testid="download"]')]);
    const md = readFileSync(await dl.path(), 'utf8');
    assert.match(md, /Since when do they not talk\?/);
    assert.doesNotMatch(md, /firing/, 'no hidden item in the record');

    await question(anne.page).locator('[data-testid="hide-toggle"]', { hasText: 'Show again' }).click();
    await chloe.page.waitForFunction(() => document.querySelector('[data-testid="question"]')?.dataset.hidden === 'false');
    assert.equal(await question(chloe.page).locator('[data-testid="hidden-mark"]').count(), 0, 'unhide restores it');
    assert.equal(await question(chloe.page).locator('.item-text').textContent(), 'Have you thought of just firing them?');

    // After the questions, the client revises the sheet's question.
    await bruno.page.waitForSelector('[data-testid="sheet-revise"]');
    await bruno.page.fill('[data-testid="sheet.question"]', 'How do I rebuild trust?');
    await bruno.page.click('[data-testid="sheet-save"]');
    await chloe.page.locator('.sheet-question', { hasText: 'How do I rebuild trust?' }).waitFor();
    for (const p of [anne, bruno, chloe]) assert.deepEqual(p.errors, [], `${p.name}: no page error`);
  } finally {
    for (const p of [anne, bruno, chloe]) await p.context.close();
  }
});
