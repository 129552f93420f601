// The organizer start page: the link printed at start opens it; a room is
// created from a template and its two links are shown and copied. The page
// loads under the strict CSP with no error, in the browser's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHub, SOURCE_ROOT } from '../integration/lib/hub.js';
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

test('the organizer creates a room and copies its links', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.base });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(hub.organizerLink);
  assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar');
  assert.equal(await page.textContent('h1'), 'Start a workshop');
  await page.waitForSelector('input[name="template"][value="codev-90"]:checked');
  assert.equal(await page.locator('input[name="template"]').count(), 3);
  await page.click('[data-testid="create-room"]');
  const fac = await page.inputValue('[data-testid="link-facilitator"]');
  const part = await page.inputValue('[data-testid="link-participant"]');
  assert.match(fac, new RegExp(`^${hub.base}/r/[^#]+#[A-Za-z0-9_-]+$`));
  assert.match(part, new RegExp(`^${hub.base}/r/[^#]+#[A-Za-z0-9_-]+$`));
  assert.notEqual(fac, part);
  await page.click('[data-testid="copy-participant"]');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), part);
  await screenshot(page, 'organizer-en');
  if (process.env.CODEVHUB_DOCS_SHOTS === '1') {
    await page.evaluate(() => document.activeElement?.blur());
    await page.screenshot({ path: path.join(SOURCE_ROOT, 'docs', 'screenshots', 'organizer-desktop-en.png') });
  }
  // A reload keeps the page usable (token kept for this tab only).
  await page.reload();
  await page.waitForSelector('[data-testid="created-room"]');
  await page.waitForSelector('[data-testid="create-room"]:not([disabled])');
  assert.deepEqual(errors, []);
  await context.close();
});

test('French when the browser prefers it; the choice of language is kept', async () => {
  const context = await browser.newContext({ locale: 'fr-CA' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(hub.organizerLink);
  await page.waitForSelector('[data-testid="create-room"]:not([disabled])');
  assert.equal(await page.textContent('h1'), 'Démarrer un atelier');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Start a workshop');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Start a workshop');
  assert.deepEqual(errors, []);
  await context.close();
});

test('without the organizer link, or with a wrong one, the page explains', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${hub.base}/`);
  await page.waitForSelector('h1');
  assert.match(await page.textContent('#app'), /organizer link/);
  const wrong = await context.newPage();
  await wrong.goto(`${hub.base}/#notTheToken`);
  await wrong.waitForFunction(() => /not valid/.test(document.querySelector('#app').textContent));
  await context.close();
});
