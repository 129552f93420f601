// "The method is guarded" (issue 15), in the browser, at 1280×800 and at
// 390×844: the step header stays in view when the page is scrolled to the
// bottom; a raised hand shows as a count next to the timer and in the
// facilitator's queue at the top of the panel; a step keeps its time across
// Previous / Next; "Next step" asks before leaving a running timer; the
// current speaker of a round is not struck through; "Saved ✓" stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch, screenshot } from './lib/browser.js';
import { startFastHub, enter, shown, createRoom, assignRole, nextStep, reveal, revealClick } from './lib/room.js';
import { SOURCE_ROOT } from '../integration/lib/hub.js';

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const docsShots = process.env.CODEVHUB_DOCS_SHOTS === '1';

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 120, config: { workshop: { warn_first_s: 60, warn_second_s: 20 } } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

async function inView(page, selector) {
  return page.evaluate((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight && r.height > 0;
  }, selector);
}

async function until(fn, what, ms = 8000) {
  const t0 = Date.now();
  for (;;) {
    if (await fn()) return;
    if (Date.now() - t0 > ms) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const [form, viewport] of Object.entries(VIEWPORTS)) {
  test(`the method is guarded (${form} ${viewport.width}×${viewport.height})`, async () => {
    const room = await createRoom(hub, { template: 'fast' });
    const anne = await enter(browser, room.facilitator_link, 'Anne', { viewport });
    const bruno = await enter(browser, room.participant_link, 'Bruno', { viewport });
    const chloe = await enter(browser, room.participant_link, 'Chloé', { viewport });
    const dmitri = await enter(browser, room.participant_link, 'Dmitri', { viewport });
    const all = [anne, bruno, chloe, dmitri];
    try {
      await assignRole(anne.page, 'Bruno', 'client');

      // Sticky header: scrolled to the very bottom, the step and the
      // timer are still on screen, for the facilitator and a consultant.
      // On a phone the room shows one tab at a time (tabs.js): the
      // facilitator's Run tab is long enough to scroll; a consultant's
      // tabs at step 1 fit on the screen — the long consultant's page is
      // tests/web/phone.test.js's (a Questions tab of six questions).
      await reveal(anne.page, '[data-testid="fpanel"]');
      for (const p of form === 'phone' ? [anne] : [anne, chloe]) {
        await p.page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
        await until(() => p.page.evaluate(() => scrollY > 0), `${p.name}'s page scrolls`);
        assert.ok(await inView(p.page, '[data-testid="step-title"]'), `${p.name}: step title in view at the bottom`);
        assert.ok(await inView(p.page, '[data-testid="timer"]'), `${p.name}: timer in view at the bottom`);
        assert.ok(await inView(p.page, '[data-testid="stage"]'), `${p.name}: the whole header in view`);
      }

      // A hand: the count next to the timer, still in view scrolled down,
      // and the queue at the top of the facilitator's panel.
      await chloe.page.evaluate(() => scrollTo(0, 0));
      await revealClick(chloe.page, '[data-testid="hand"]');
      await anne.page.waitForSelector('[data-testid="hands-alert"]:not([hidden])');
      assert.equal(await anne.page.textContent('[data-testid="hands-alert"] .hands-n'), '1');
      assert.equal(await anne.page.locator('[data-testid="hands-alert"]').evaluate((b) => b.textContent), 'Hands 1 raised',
        'its name: the visible "Hands 1" with a hidden tail');
      assert.ok(await inView(anne.page, '[data-testid="hands-alert"]'), 'the count is in view, scrolled down');
      const order = await anne.page.evaluate(() => {
        const panel = document.querySelector('[data-testid="fpanel"]');
        const q = panel.querySelector('[data-testid="f-queue"]');
        const timer = panel.querySelector('[data-testid="f-start"]');
        return q && timer ? q.compareDocumentPosition(timer) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
      });
      assert.ok(order, 'the queue comes before the timer controls in the panel');
      assert.match(await anne.page.textContent('[data-testid="f-queue"]'), /Chloé/);
      if (form === 'desktop' || docsShots) await headerShots(anne.page, form);
      await anne.page.click('[data-testid="f-queue-give"]');
      await anne.page.waitForSelector('[data-testid="hands-alert"][hidden]', { state: 'attached' });

      // Saved ✓ stays (here: the client's sheet), until the next edit.
      await bruno.page.fill('[data-testid="sheet.title"]', 'Équipe en tension');
      await bruno.page.click('[data-testid="sheet-save"]');
      await bruno.page.waitForFunction(() => document.querySelector('[data-testid="saved-sheet"]')?.textContent);
      await bruno.page.waitForTimeout(1000);
      assert.match(await bruno.page.textContent('[data-testid="saved-sheet"]'), /Saved/, 'Saved ✓ after 1 s');
      assert.ok(await bruno.page.isVisible('[data-testid="saved-sheet"]'));
      await bruno.page.fill('[data-testid="sheet.title"]', 'Équipe en tension, bis');
      assert.equal(await bruno.page.textContent('[data-testid="saved-sheet"]'), '', 'gone at the next edit');

      // "Next step" with a running timer asks first; Cancel stays.
      await anne.page.evaluate(() => scrollTo(0, 0));
      await revealClick(anne.page, '[data-testid="f-start"]');
      await until(async () => (await shown(anne.page)).seconds < 120, 'the timer runs');
      await anne.page.click('[data-testid="f-next"]');
      const dlg = anne.page.locator('dialog[open]');
      await dlg.waitFor();
      assert.match(await dlg.textContent(), /still running/);
      await dlg.locator('button', { hasText: 'Cancel' }).click();
      await dlg.waitFor({ state: 'detached' });
      assert.equal((await shown(anne.page)).step, 0, 'cancel: still on step 1');
      const labels = await anne.page.evaluate(() => [document.querySelector('[data-testid="f-next"]').textContent,
        document.querySelector('[data-testid="f-next"]').className]);
      assert.match(labels[0], /^Go to step 2: /, 'the step button says where it goes');
      assert.match(labels[1], /btn-step/, 'and does not look like the primary "Next speaker"');

      // Time kept across Next / Previous: pause at some time, go on, back.
      await revealClick(anne.page, '[data-testid="f-pause"]');
      // Read once the pause has come back (not the last running second).
      for (const p of [anne, chloe]) await p.page.waitForSelector('.timer[data-state~="paused"]');
      const kept = (await shown(anne.page)).seconds;
      assert.ok(kept < 120 && kept > 100, `paused at ${kept}`);
      assert.deepEqual(await nextStep(anne.page), [], 'a paused timer: no question');
      await until(async () => (await shown(chloe.page)).step === 1, 'step 2 for all');
      assert.equal((await shown(anne.page)).seconds, 120, 'a new step: its full time');
      await revealClick(anne.page, '[data-testid="f-prev"]');
      for (const p of all) {
        await until(async () => { const v = await shown(p.page); return v.step === 0 && v.seconds === kept; },
          `${p.name} sees step 1 back at ${kept} s, not 2:00 Not started`);
      }
      assert.equal(await anne.page.textContent('[data-testid="timer-status"]'), 'Paused');
      await revealClick(anne.page, '[data-testid="f-resume"]');
      const reasons = await nextStep(anne.page);
      assert.equal(reasons.length, 1, `one reason: ${reasons}`);

      // The round: the current speaker is speaking, not struck through.
      await revealClick(anne.page, '[data-testid="f-round-start"]');
      await chloe.page.waitForSelector('[data-testid="round-turn"]', { state: 'attached' });
      await reveal(chloe.page, '[data-testid="round-turn"]');
      const turns = await chloe.page.$$eval('[data-testid="round-turn"]', (li) => li.map((x) => [x.textContent,
        x.dataset.state, getComputedStyle(x).textDecorationLine]));
      assert.equal(turns[0][1], 'speaking', `first turn speaking: ${JSON.stringify(turns)}`);
      assert.notEqual(turns[0][2], 'line-through', 'the current speaker is not struck through');
      assert.match(await anne.page.textContent('[data-testid="f-round-next"]'), /^Next speaker: Dmitri$/);
      for (const p of all) assert.deepEqual(p.errors, [], `${p.name}: no console errors`);
    } finally {
      for (const p of all) await p.context.close();
    }
  });
}

async function headerShots(page, form) {
  await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, document.documentElement.scrollHeight); });
  await screenshot(page, `method-header-${form}`);
  if (!docsShots) return;
  const dir = path.join(SOURCE_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `header-hands-${form}-en.png`) });
}

// A page that joins late colours the countdown with the hub's marks (from
// the snapshot), not with defaults: both marks passed before it joined and
// it saw no warning, yet it shows "urgent".
test('the warning marks come with the snapshot', async () => {
  const small = await startFastHub({ seconds: 30, config: { workshop: { warn_first_s: 28, warn_second_s: 26 } } });
  const room = await createRoom(small, { template: 'fast' });
  const anne = await enter(browser, room.facilitator_link, 'Anne');
  let late = null;
  try {
    await anne.page.click('[data-testid="f-start"]');
    await until(async () => (await shown(anne.page)).seconds <= 25, 'past both marks', 10000);
    await anne.page.click('[data-testid="f-pause"]');
    late = await enter(browser, room.participant_link, 'Late');
    await late.page.waitForSelector('.timer[data-state~="paused"]');
    assert.equal(await late.page.getAttribute('.timer', 'data-state'), 'urgent paused',
      'the late page knows the marks 28 and 26 (defaults 120 and 30 would say ok)');
  } finally {
    await late?.context.close();
    await anne.context.close();
    await small.stop();
  }
});
