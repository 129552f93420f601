// Keyboard only: entering the room, then a pass through the facilitator
// panel (timer, steps with the confirmation dialog, roles, floor, round)
// with Tab, Shift+Tab, Enter, Space, arrows and Escape — focus always
// visible and kept on the control across re-renders; Undo one Tab press
// after Next step; the backup select commits only on Set or Enter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, watchErrors } from './lib/browser.js';
import { startFastHub, enter, shown, pid, createRoom, assignRole } from './lib/room.js';
import { Client } from '../integration/lib/client.js';

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

// A keyboard user who moved by mistake has the notice's 15 s to undo: its
// Undo is the very next Tab stop after "Next step" (it used to be at the
// end of the page, 14 to 16 presses away), with or without the dialog.
test('Undo is one Tab press after Next step, and Enter on it undoes the move', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const anne = await enter(browser, room.facilitator_link, 'Anne');
  const bruno = await enter(browser, room.participant_link, 'Bruno');
  try {
    const page = anne.page;
    await assignRole(page, 'Bruno', 'client');
    const undoFrom = async (dialog) => {
      await page.focus('[data-focus="round"]');
      await tabTo(page, 'f-next');
      await page.keyboard.press('Enter');
      if (dialog) {
        await page.waitForSelector('dialog[open]');
        await tabTo(page, 'confirm-ok');
        await page.keyboard.press('Enter');
      }
      await until(async () => (await shown(page)).step === 1, 'moved to step 2');
      await page.waitForSelector('[data-testid="notice-action"]');
      await until(async () => (await focused(page)).testid === 'f-next', 'focus stays on Next');
      await page.keyboard.press('Tab');
      const f = await focused(page);
      assert.equal(f.testid, 'notice-action', `one Tab from Next step reaches Undo (got ${JSON.stringify(f)})`);
      assert.ok(f.outline, 'focus is visible on Undo');
      await page.keyboard.press('Enter');
      await until(async () => (await shown(page)).step === 0, 'Enter on Undo goes back to step 1');
      await bruno.page.waitForFunction(() => document.querySelector('[data-testid="step-title"]')?.dataset.step === '0');
      await until(async () => (await focused(page)).testid === 'f-next', 'focus back on Next after Undo');
    };
    await undoFrom(false);
    // The timer running: the dialog asks first; Undo is still one Tab away.
    await page.click('[data-testid="f-start"]');
    await page.waitForSelector('[data-testid="f-pause"]');
    await undoFrom(true);
    assert.deepEqual(anne.errors, []);
  } finally {
    await anne.context.close();
    await bruno.context.close();
  }
});

// Arrow keys through the backup select only move the choice; the room's
// backup changes on Set (or Enter in the select).
test('the backup select commits on Set or Enter, not on each arrow key', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const anne = await enter(browser, room.facilitator_link, 'Anne');
  const bruno = await enter(browser, room.participant_link, 'Bruno');
  const chloe = await enter(browser, room.participant_link, 'Chloé');
  const watcher = new Client(hub, room.participantToken, 'Dmitri');
  let sets = 0;
  try {
    assert.equal((await watcher.open()).type, 'welcome');
    watcher.ws.on('message', (d) => { if (JSON.parse(d.toString()).type === 'backup.set') sets++; });
    const page = anne.page;
    await page.waitForFunction(() => document.querySelectorAll('#f-backup option').length === 4);
    await page.focus('#f-backup');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const chosen = Number(await page.inputValue('#f-backup'));
    assert.equal(chosen, await pid(page, 'Dmitri'), 'the arrows moved the choice to the third person');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(sets, 0, 'no backup.set while moving through the options');
    assert.equal(watcher.state.room.backup, 0, 'the room has no backup yet');
    assert.equal(await page.isDisabled('[data-testid="f-backup-set"]'), false, 'Set is offered');

    await tabTo(page, 'f-backup-set');
    await page.keyboard.press('Enter');
    await until(() => watcher.state.room.backup === chosen, 'Set commits the choice');
    assert.equal(sets, 1, 'one backup.set');
    await until(async () => page.isDisabled('[data-testid="f-backup-set"]'), 'Set is done');

    // Enter in the select commits too, once.
    await page.focus('#f-backup');
    await page.keyboard.press('ArrowUp');
    const chloeId = Number(await page.inputValue('#f-backup'));
    assert.equal(chloeId, await pid(page, 'Chloé'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sets, 1, 'the arrow changed nothing');
    await page.keyboard.press('Enter');
    await until(() => watcher.state.room.backup === chloeId && chloeId !== chosen, 'Enter commits the choice');
    assert.equal(sets, 2);
    assert.equal(await page.inputValue('#f-backup'), String(chloeId), 'the select shows the backup after the re-render');
    assert.deepEqual(anne.errors, []);
  } finally {
    watcher.ws?.close();
    for (const p of [anne, bruno, chloe]) await p.context.close();
  }
});
