// Helpers for the browser tests: a hub with a fast template, people who
// open their link, fill in their name, accept the ground rules and enter.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, tempDir, SOURCE_ROOT } from '../../integration/lib/hub.js';
import { createRoom } from '../../integration/lib/client.js';
import { watchErrors } from './browser.js';

export const KINDS = ['presentation', 'questions', 'contract', 'consultation', 'synthesis', 'learnings'];

export function fastTemplates(seconds = 40) {
  const dir = path.join(tempDir('codevhub-webtpl-'), 'templates');
  mkdirSync(dir);
  copyFileSync(path.join(SOURCE_ROOT, 'config/templates/codev-90.json'), path.join(dir, 'codev-90.json'));
  writeFileSync(path.join(dir, 'fast.json'), JSON.stringify({ id: 'fast', name: 'Fast browser workshop',
    steps: KINDS.map((kind) => ({ kind, seconds })) }));
  return dir;
}

// hub: options for startHub (keepData, dataDir); config: INI sections.
export async function startFastHub({ seconds = 40, config = {}, hub = {} } = {}) {
  return startHub({ ...hub, config: { ...config,
    server: { templates_dir: fastTemplates(seconds), ...(config.server || {}) },
    workshop: { warn_first_s: 10, warn_second_s: 5, ...(config.workshop || {}) } } });
}

export { createRoom };

// A person in their own browser context (own storage, as on their device).
// bypassCSP: for a test that injects axe-core (the page's CSP refuses it);
// any other option goes to the context (isMobile, hasTouch, ...).
export async function enter(browser, link, name, { locale = 'en-US', viewport = { width: 1280, height: 800 },
  bypassCSP = false, ...device } = {}) {
  const context = await browser.newContext({ locale, viewport, bypassCSP, ...device });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(link);
  await page.waitForSelector('[data-testid="join-name"]');
  await page.fill('[data-testid="join-name"]', name);
  await page.check('[data-testid="join-accept"]');
  await page.click('[data-testid="join-submit"]');
  await page.waitForSelector('[data-testid="room"]');
  return { context, page, errors, dialogs, name };
}

// The step index and the whole seconds shown by a page's countdown.
export async function shown(page) {
  return page.evaluate(() => {
    const title = document.querySelector('[data-testid="step-title"]');
    const timer = document.querySelector('[data-testid="timer"]');
    return { step: title ? Number(title.dataset.step) : -1,
      seconds: timer && timer.dataset.seconds !== '' ? Number(timer.dataset.seconds) : null,
      text: timer ? timer.textContent : '' };
  });
}

export async function pid(page, name) {
  return page.evaluate((n) => {
    for (const li of document.querySelectorAll('[data-testid="person"]')) {
      if (li.querySelector('[data-testid="person-name"]').textContent === n) return Number(li.dataset.pid);
    }
    return 0;
  }, name);
}

// On a phone (≤ 640 px) the room shows one panel at a time (views/tabs.js):
// taps the tab whose panel holds the first match of `selector`, as a person
// would. Nothing to do on a desktop, or when that panel is already shown.
export async function reveal(page, selector) {
  const tab = await page.evaluate((sel) => {
    const panel = document.querySelector(sel)?.closest('[role="tabpanel"]');
    return panel?.hidden ? panel.getAttribute('aria-labelledby') : null;
  }, selector);
  if (tab) await page.click(`#${tab}`);
}

// Clicks `selector` after showing its tab (phone); a plain click on a desktop.
export async function revealClick(page, selector) {
  await page.waitForSelector(selector, { state: 'attached' });
  await reveal(page, selector);
  await page.click(selector);
}

// The facilitator sets a role through the panel.
export async function assignRole(page, name, role) {
  const id = await pid(page, name);
  const select = `[data-testid="role-select"][data-pid="${id}"]`;
  await reveal(page, select);
  await page.selectOption(select, role);
  await page.click(`[data-focus="apply-${id}"]`);
  await reveal(page, `[data-testid="person"][data-pid="${id}"]`);
  await page.waitForSelector(`[data-testid="person"][data-pid="${id}"] [data-role="${role}"]`);
}

// The facilitator moves to the next step; when the page asks first (a
// running timer, an open round, no client, no contract...), they confirm.
// Returns the reasons the dialog gave ([] when it did not ask).
export async function nextStep(page) {
  const from = Number(await page.getAttribute('[data-testid="step-title"]', 'data-step'));
  await revealClick(page, '[data-testid="f-next"]');
  await page.waitForFunction((s) => document.querySelector('dialog[open]')
    || Number(document.querySelector('[data-testid="step-title"]')?.dataset.step) !== s, from);
  const dlg = page.locator('dialog[open]');
  if (!(await dlg.count())) return [];
  const reasons = await dlg.locator('#dlg-text p').allTextContents();
  await dlg.locator('[data-testid="confirm-ok"]').click();
  await page.waitForFunction((s) => Number(document.querySelector('[data-testid="step-title"]')?.dataset.step) !== s, from);
  return reasons;
}
