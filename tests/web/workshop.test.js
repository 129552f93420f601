// Four people in four browser contexts (facilitator, client, two
// consultants) run a compressed six-step workshop through the UI only, once
// in French and once in English. After each facilitator action every page
// shows the same step and the same remaining seconds (±1 s) within 1 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch, screenshot } from './lib/browser.js';
import { startFastHub, enter, shown, assignRole, pid, KINDS, nextStep, reveal } from './lib/room.js';
import { SOURCE_ROOT } from '../integration/lib/hub.js';

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 40 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

const TEXT = {
  fr: { lang: 'fr', locale: 'fr-CA', titles: ['Exposé de la problématique', 'Questions de clarification', 'Contrat de consultation',
    'Réactions, commentaires, suggestions', 'Synthèse et plan d’action', 'Apprentissages et conclusion'],
  rule1: 'Questions de clarification\u00a0: seulement des questions, pas encore de conseils.', client: 'Client·e', record: 'Suggestions retenues' },
  en: { lang: 'en', locale: 'en-US', titles: ['Presentation of the problem', 'Clarifying questions', 'Contract',
    'Reactions, ideas, suggestions', 'Synthesis and action plan', 'Learnings and closing'],
  rule1: 'Clarifying questions: questions only, no advice yet.', client: 'Client', record: 'Suggestions kept' },
};

// Every page shows `step` and the same whole seconds (±1) as the
// facilitator's page, within 1 s of the action.
async function inSync(people, step, { check } = {}) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < 1000) {
    const views = await Promise.all(people.map((p) => shown(p.page)));
    const secs = views.map((v) => v.seconds);
    last = views;
    if (views.every((v) => v.step === step) && secs.every((s) => s !== null) &&
        Math.max(...secs) - Math.min(...secs) <= 1 && (!check || check(views[0]))) return views[0];
    await new Promise((r) => setTimeout(r, 40));
  }
  assert.fail(`pages not in sync within 1 s (want step ${step}): ${JSON.stringify(last)}`);
}

// Creates the room on the organizer page, as a newcomer would.
async function organizerCreates(locale) {
  const ctx = await browser.newContext({ locale });
  const page = await ctx.newPage();
  await page.goto(hub.organizerLink);
  assert.equal(new URL(page.url()).hash, '', 'the organizer token leaves the address bar');
  await page.check('input[name="template"][value="fast"]');
  await page.click('[data-testid="create-room"]');
  const fac = await page.inputValue('[data-testid="link-facilitator"]');
  const part = await page.inputValue('[data-testid="link-participant"]');
  await ctx.close();
  return { fac, part };
}

// On a phone (Dmitri, 360 px) the room shows one tab at a time: the
// field's tab first, as he would tap it.
async function fill(page, testid, text) {
  await reveal(page, `[data-testid="${testid}"]`);
  await page.fill(`[data-testid="${testid}"]`, text);
  await page.click(`[data-testid="${testid}-submit"]`);
}

async function everyoneSees(people, selector, text) {
  await Promise.all(people.map(async (p) => {
    const seen = p.page.locator(selector, { hasText: text }).first();
    await seen.waitFor({ state: 'attached', timeout: 3000 });
    await reveal(p.page, selector);
    await seen.waitFor({ timeout: 3000 });
  }));
}

const shotsForDocs = process.env.CODEVHUB_DOCS_SHOTS === '1';
async function shots(lang, who, page) {
  await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
  const dismiss = page.locator('[data-testid="notice-dismiss"]');
  if (await dismiss.isVisible()) await dismiss.click();
  await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
  await screenshot(page, `workshop-${lang}-${who}-desktop`);
  if (!shotsForDocs) return;
  const dir = path.join(SOURCE_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${who}-desktop-${lang}.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: path.join(dir, `${who}-phone-${lang}.png`) });
  await page.setViewportSize({ width: 1280, height: 800 });
}

for (const lang of ['fr', 'en']) {
  test(`a whole workshop in ${lang === 'fr' ? 'French' : 'English'}, through the UI only`, async () => {
    const L = TEXT[lang];
    const { fac, part } = await organizerCreates(L.locale);
    const opts = { locale: L.locale };
    const anne = await enter(browser, fac, 'Anne', opts);
    const bruno = await enter(browser, part, 'Bruno', opts);
    const chloe = await enter(browser, part, 'Chloé', opts);
    const dmitri = await enter(browser, part, 'Dmitri', { ...opts, viewport: { width: 360, height: 740 } });
    const all = [anne, bruno, chloe, dmitri];
    try {
      for (const p of all) {
        assert.equal(await p.page.getAttribute('html', 'lang'), L.lang);
        assert.equal(new URL(p.page.url()).hash, '', 'the token leaves the address bar');
      }
      assert.equal(await anne.page.textContent('[data-testid="step-title"]'), L.titles[0]);
      await everyoneSees(all, '[data-testid="person-name"]', 'Dmitri');

      // Roles, through the facilitator panel.
      await assignRole(anne.page, 'Bruno', 'client');
      const brunoId = await pid(anne.page, 'Bruno');
      await Promise.all(all.map((p) => p.page.waitForSelector(`[data-testid="person"][data-pid="${brunoId}"] [data-role="client"]`)));
      assert.equal(await chloe.page.textContent(`[data-testid="person"][data-pid="${brunoId}"] .badge`), L.client);

      // Step 1: the client fills in the sheet; the timer is shared.
      await bruno.page.fill('[data-testid="sheet.title"]', 'Équipe en tension');
      await bruno.page.fill('[data-testid="sheet.question"]', 'Comment rétablir la confiance ?');
      await bruno.page.fill('[data-testid="sheet.context"]', 'Deux équipes fusionnées');
      await bruno.page.click('[data-testid="sheet-save"]');
      await everyoneSees([anne, chloe, dmitri], '.sheet-title', 'Équipe en tension');
      assert.equal(await chloe.page.locator('[data-testid="card-sheet"] input').count(), 0, 'consultants cannot edit the sheet');

      let v = await inSync(all, 0, { check: (x) => x.seconds === 40 });
      await anne.page.click('[data-testid="f-start"]');
      v = await inSync(all, 0, { check: (x) => x.seconds <= 40 && x.seconds >= 38 });
      await anne.page.waitForTimeout(1200);
      await anne.page.click('[data-testid="f-pause"]');
      v = await inSync(all, 0);
      const paused = v.seconds;
      await anne.page.waitForTimeout(1200);
      v = await inSync(all, 0);
      assert.equal(v.seconds, paused, 'a paused timer does not move');
      await anne.page.click('[data-testid="f-plus1"]');
      v = await inSync(all, 0, { check: (x) => x.seconds >= paused + 59 });
      await anne.page.click('[data-testid="f-resume"]');
      await inSync(all, 0);
      await anne.page.click('[data-testid="f-reset"]');
      await inSync(all, 0, { check: (x) => x.seconds === 40 });

      // Step 2: questions only. An accidental advance is undone.
      await nextStep(anne.page);
      await inSync(all, 1);
      assert.equal(await dmitri.page.textContent('[data-testid="step-rule"]'), L.rule1);
      await nextStep(anne.page);
      await inSync(all, 2);
      await anne.page.click('[data-testid="notice-action"]');
      await inSync(all, 1);
      await anne.page.click('[data-testid="f-start"]');
      await inSync(all, 1, { check: (x) => x.seconds <= 40 });
      await fill(chloe.page, 'question-input', 'Depuis quand ?');
      await fill(dmitri.page, 'question-input', 'Qui décide ?');
      await everyoneSees(all, '[data-testid="question"]', 'Qui décide ?');
      assert.equal(await bruno.page.locator('[data-testid="question-input"]').count(), 0, 'the client does not ask');
      await bruno.page.locator('[data-testid="answer-input"]').first().fill('Depuis mars');
      await bruno.page.locator('[data-testid="answer-submit"]').first().click();
      await everyoneSees(all, '.answer', 'Depuis mars');
      // A hand, the queue, the floor.
      await chloe.page.click('[data-testid="hand"]');
      await anne.page.locator('[data-testid="queue"] button').first().click();
      await everyoneSees(all, '[data-testid="floor"]', 'Chloé');

      // Step 3: the contract.
      await nextStep(anne.page);
      await inSync(all, 2);
      await bruno.page.fill('[data-testid="contract"]', 'Des idées concrètes pour lundi');
      await bruno.page.click('[data-testid="contract-save"]');
      await everyoneSees([anne, chloe, dmitri], '[data-testid="contract-view"]', 'Des idées concrètes');

      // Step 4: a round, suggestions, the client keeps one.
      await nextStep(anne.page);
      await inSync(all, 3);
      await anne.page.click('[data-testid="f-start"]');
      await inSync(all, 3, { check: (x) => x.seconds <= 40 });
      await anne.page.click('[data-testid="f-round-start"]');
      await everyoneSees(all, '[data-testid="round"]', '2');
      await fill(chloe.page, 'suggestion-input', 'Un atelier commun');
      await fill(dmitri.page, 'suggestion-input', 'Parler à la direction');
      await everyoneSees(all, '[data-testid="suggestion"]', 'Parler à la direction');
      await anne.page.click('[data-testid="f-round-next"]');
      await bruno.page.locator('[data-testid="suggestion"]', { hasText: 'Un atelier commun' }).locator('[data-testid="keep"]').click();
      await Promise.all(all.map((p) => p.page.waitForSelector('[data-testid="suggestion"][data-kept="true"]')));
      await bruno.page.click('[data-testid="enough-btn"]');
      await everyoneSees(all, '[data-testid="enough"]', 'Bruno');
      await anne.page.click('[data-testid="f-plus5"]');
      await inSync(all, 3, { check: (x) => x.seconds > 300 });
      await shots(lang, 'facilitator', anne.page);
      await shots(lang, 'participant', chloe.page);
      await shots(lang, 'client', bruno.page);

      // Step 5: the action plan (only the client writes it).
      await nextStep(anne.page);
      await inSync(all, 4);
      assert.equal(await chloe.page.locator('[data-testid="plan-action"]').count(), 0);
      await bruno.page.locator('[data-testid="plan-action"]').first().fill('Organiser un atelier commun');
      await bruno.page.locator('[data-testid="plan-when"]').first().fill('lundi');
      await bruno.page.click('[data-testid="plan-add"]');
      await bruno.page.locator('[data-testid="plan-action"]').nth(1).fill('Parler à la direction');
      await bruno.page.click('[data-testid="plan-save"]');
      await everyoneSees([anne, chloe, dmitri], '[data-testid="plan-view"] li', 'Parler à la direction');

      // Step 6: everyone names a learning.
      await nextStep(anne.page);
      await inSync(all, 5);
      for (const p of all) await fill(p.page, 'learning-input', `${p.name} apprend`);
      await Promise.all(all.map((p) => p.page.waitForFunction(() => document.querySelectorAll('[data-testid="learning"]').length === 4)));
      for (const p of all) {
        assert.equal(await p.page.textContent('[data-testid="step-title"]'), L.titles[5]);
        const steps = await p.page.$$eval('.stepper .step', (els) => els.map((e) => e.dataset.kind));
        assert.deepEqual(steps, KINDS);
      }

      // The client's record, as Markdown.
      const [download] = await Promise.all([bruno.page.waitForEvent('download'), bruno.page.click('[data-testid="download"]')]);
      const md = readFileSync(await download.path(), 'utf8');
      for (const s of ['Équipe en tension', 'Des idées concrètes pour lundi', 'Un atelier commun', 'Organiser un atelier commun',
        'lundi', 'Chloé apprend', L.record]) assert.ok(md.includes(s), `record has ${s}:\n${md}`);
      const kept = md.split(`## ${L.record}`)[1].split('\n## ')[0];
      assert.ok(!kept.includes('Parler à la direction'), 'only kept suggestions are in that section');
      assert.equal(await chloe.page.locator('[data-testid="download"]').isVisible(), false, 'consultants have no record button');

      assert.ok(await dmitri.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
        'no horizontal scrolling at 360 px');
      for (const p of all) {
        assert.deepEqual(p.errors, [], `${p.name}: console errors`);
        assert.deepEqual(p.dialogs, []);
      }
    } finally {
      for (const p of all) await p.context.close();
    }
  });
}
