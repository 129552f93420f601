// Keyboard only: entering the room, then a pass through the facilitator
// panel (timer, steps with the confirmation dialog, roles, floor, round)
// with Tab, Shift+Tab, Enter, Space, arrows and Escape — focus always
// visible and kept on the control across re-renders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, watchErrors } from './lib/browser.js';
import { startFastHub, enter, shown, pid, createRoom } from './lib/room.js';

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 90 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const cs = getComputedStyle(el);
  return { testid: el.dataset.testid || '', focus: el.dataset.focus || '', tag: el.tagName,
    outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
});

// Presses Tab (or Shift+Tab) until the focused element matches.
async function tabTo(page, testid, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f.testid === testid) {
      assert.ok(f.outline, `focus is visible on ${testid}`);
      return f;
    }
  }
  assert.fail(`could not reach ${testid} with the keyboard`);
}

async function until(fn, what, ms = 3000) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out: ${what}`);
}

test('the facilitator runs the panel with the keyboard alone', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  const bruno = await enter(browser, room.participant_link, 'Bruno');
  const chloe = await enter(browser, room.participant_link, 'Chloé');
  try {
    // Joining: the name field has focus; Tab to the rules, Space, Enter.
    await page.goto(room.facilitator_link);
    await page.waitForSelector('[data-testid="join-name"]:focus');
    await page.keyboard.type('Anne');
    await tabTo(page, 'join-accept');
    await page.keyboard.press('Space');
    await tabTo(page, 'join-submit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="room"]');

    // Timer: Start, then the same key again pauses (focus stays put).
    await tabTo(page, 'f-start');
    await page.keyboard.press('Enter');
    await until(async () => (await focused(page)).testid === 'f-pause', 'focus on Pause after Start');
    assert.equal(await page.getAttribute('[data-testid="timer-status"]', 'data-testid'), 'timer-status');
    await page.keyboard.press('Enter');
    await until(async () => (await focused(page)).testid === 'f-resume', 'focus on Resume after Pause');
    const before = (await shown(page)).seconds;
    await tabTo(page, 'f-plus5');
    await page.keyboard.press('Enter');
    await until(async () => (await shown(page)).seconds >= before + 299, '+5 min');
    await tabTo(page, 'f-resume', { back: true });
    await page.keyboard.press('Enter');
    await until(async () => (await focused(page)).testid === 'f-pause', 'resumed');

    // Steps: Next twice (the timer runs and nobody is client: the dialog
    // asks each time, confirmed with the keyboard), then into the
    // consultation without a contract: Escape cancels, then confirm.
    await tabTo(page, 'f-next');
    for (const step of [1, 2]) {
      await page.keyboard.press('Enter');
      await page.waitForSelector('dialog[open]');
      await tabTo(page, 'confirm-ok');
      await page.keyboard.press('Enter');
      await until(async () => (await shown(page)).step === step, `step ${step + 1}`);
      await until(async () => (await focused(page)).testid === 'f-next', 'focus stays on Next');
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog', { state: 'detached' });
    assert.equal((await shown(page)).step, 2, 'Escape cancels the move');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog[open]');
    await tabTo(page, 'confirm-ok');
    await page.keyboard.press('Enter');
    await until(async () => (await shown(page)).step === 3, 'step 4 after confirming');
    // Undo the advance from the notice, by keyboard: Previous.
    await tabTo(page, 'f-prev', { back: true });
    await page.keyboard.press('Enter');
    await until(async () => (await shown(page)).step === 2, 'back to step 3');

    // Roles: make Bruno the client with the arrow keys and Enter.
    const brunoId = await pid(page, 'Bruno');
    await tabTo(page, 'role-select');
    if ((await focused(page)).focus !== `role-${brunoId}`) await tabTo(page, 'role-select');
    assert.equal((await focused(page)).focus, `role-${brunoId}`);
    assert.equal(await page.evaluate(() => document.activeElement.value), 'consultant');
    await page.keyboard.type('Cl'); // type-ahead: "Client"
    assert.equal(await page.evaluate(() => document.activeElement.value), 'client');
    await tabTo(page, 'role-apply');
    await page.keyboard.press('Enter');
    await bruno.page.waitForSelector('[data-testid="me"] [data-role="client"]');

    // Floor and round.
    await bruno.page.click('[data-testid="hand"]');
    await page.waitForSelector('[data-testid="queue"]');
    await tabTo(page, 'f-give');
    await page.keyboard.press('Enter');
    await bruno.page.locator('[data-testid="floor"]', { hasText: 'Bruno' }).waitFor();
    await tabTo(page, 'f-round-start');
    await page.keyboard.press('Enter');
    await until(async () => (await focused(page)).testid === 'f-round-next', 'focus on Next speaker');
    await page.locator('[data-testid="round"]').waitFor();

    // The language switch is reachable too and keeps the room.
    await tabTo(page, 'lang-switch', { back: true, max: 120 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    assert.equal(await page.textContent('[data-testid="step-title"]'), 'Contrat de consultation');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await bruno.context.close();
    await chloe.context.close();
  }
});
