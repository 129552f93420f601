// The placeholder page, in a real browser: it loads under the strict CSP,
// connects to /ws and says so, and drops the token from the address bar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from '../integration/lib/hub.js';
import { launch, screenshot, watchErrors } from './lib/browser.js';

let hub, browser;
before(async () => {
  hub = await startHub();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

test('the page shows "connected" in Chromium, with no CSP or script error', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${hub.base}/`);
  await page.waitForSelector('#status[data-state="connected"]', { timeout: 10000 });
  assert.equal(await page.textContent('#status'), 'connected');
  await page.waitForSelector('#clock:not([hidden])', { timeout: 5000 });
  await screenshot(page, 'placeholder-connected');
  assert.deepEqual(errors, []);
  await page.close();
});

test('opening a link removes the token from the address bar', async () => {
  const page = await browser.newPage();
  await page.goto(hub.organizerLink);
  await page.waitForSelector('#status[data-state="connected"]', { timeout: 10000 });
  assert.equal(new URL(page.url()).hash, '');
  assert.ok(!page.url().includes(hub.organizerToken));
  await page.close();
});

test('the page reports the loss of the hub', async () => {
  const page = await browser.newPage();
  await page.goto(`${hub.base}/`);
  await page.waitForSelector('#status[data-state="connected"]', { timeout: 10000 });
  await hub.stop();
  await page.waitForSelector('#status[data-state="disconnected"]', { timeout: 10000 });
  await page.close();
  hub = null;
});
