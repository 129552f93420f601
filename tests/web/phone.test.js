// The room on a phone (390×844, mobile, touch): a six-person workshop
// (facilitator, client, four consultants). The step and the timer stay
// pinned at the top; the room's panels are ARIA tabs shown one at a time
// (Case · Questions · Ideas · People, and Run for the facilitator), with a
// roving tabindex and the arrow keys; the shown tab follows the step unless
// the person picked one during this step, and survives re-renders; every
// target is at least 44×44 px; the facilitator's Next step is on screen on
// every tab (the bottom bar); axe finds nothing serious on any tab, in
// English and French. At 1280×800 there is no tablist: the desktop grid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch, screenshot } from './lib/browser.js';
import { startFastHub, createRoom, assignRole, enter as enterRoom } from './lib/room.js';
import { audit, smallTargets, LOCALES } from './lib/axe.js';
import { SOURCE_ROOT } from '../integration/lib/hub.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const LABELS = { en: ['Case', 'Questions', 'Ideas', 'People', 'Run'], fr: ['Cas', 'Questions', 'Idées', 'Groupe', 'Animer'] };
const docsShots = process.env.CODEVHUB_DOCS_SHOTS === '1';

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 600 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

// One person on their own device; bypassCSP: the page's strict CSP would
// refuse the injected axe script.
const enter = (link, name, locale, device = PHONE) =>
  enterRoom(browser, link, name, { locale, bypassCSP: true, ...device });

// Anne facilitates, Bruno is the client, four consultants.
async function sixPeople(locale) {
  const room = await createRoom(hub, { template: 'fast' });
  const anne = await enter(room.facilitator_link, 'Anne', locale);
  const others = [];
  for (const name of ['Bruno', 'Chloé', 'Dmitri', 'Emma', 'Farid']) others.push(await enter(room.participant_link, name, locale));
  const all = [anne, ...others];
  await anne.page.waitForFunction(() => document.querySelectorAll('[data-testid="person"]').length === 6);
  await assignRole(anne.page, 'Bruno', 'client');
  await others[0].page.waitForSelector('[data-testid="sheet-save"]', { state: 'attached' });
  const [bruno, chloe, dmitri, emma, farid] = others;
  return { room, all, anne, bruno, chloe, dmitri, emma, farid };
}

// The tabs as a screen reader and the eye get them.
const tabState = (page) => page.evaluate(() => {
  const list = document.querySelector('[role="tablist"]');
  const tabs = list ? [...list.querySelectorAll('[role="tab"]')].filter((t) => t.getClientRects().length) : [];
  const panels = [...document.querySelectorAll('[role="tabpanel"]')];
  const a = document.activeElement;
  return {
    list: !!list && list.getClientRects().length > 0,
    label: list?.getAttribute('aria-label') || '',
    tabs: tabs.map((t) => t.dataset.tab),
    names: tabs.map((t) => t.querySelector('.tab-label').textContent),
    selected: tabs.filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.dataset.tab),
    tabindex: tabs.map((t) => t.tabIndex),
    // Each tab controls a panel labelled by it.
    wired: tabs.every((t) => {
      const p = document.getElementById(t.getAttribute('aria-controls'));
      return p?.getAttribute('role') === 'tabpanel' && p.getAttribute('aria-labelledby') === t.id;
    }),
    visible: panels.filter((p) => p.getClientRects().length > 0).map((p) => p.id),
    focus: a?.getAttribute('role') === 'tab' ? a.dataset.tab : a?.dataset.testid || a?.tagName,
  };
});

async function selectedIs(page, tab, what) {
  try {
    await page.waitForFunction((id) => document.querySelector(`#tab-${id}`)?.getAttribute('aria-selected') === 'true', tab,
      { timeout: 4000 });
  } catch {
    assert.fail(`${what}: want tab ${tab}, have ${JSON.stringify(await tabState(page))}`);
  }
  const s = await tabState(page);
  assert.deepEqual(s.selected, [tab], what);
  assert.deepEqual(s.visible, [`panel-${tab}`], `${what}: only its panel is shown`);
}

const stepOf = (page) => page.evaluate(() => Number(document.querySelector('[data-testid="step-title"]').dataset.step));

// The facilitator taps Next step in the bottom bar (confirming when asked);
// everyone sees the new step.
async function barNext(anne, all) {
  const from = await stepOf(anne.page);
  await anne.page.tap('[data-testid="bar-next"]');
  await anne.page.waitForFunction((s) => document.querySelector('dialog[open]')
    || Number(document.querySelector('[data-testid="step-title"]').dataset.step) !== s, from);
  const ok = anne.page.locator('dialog[open] [data-testid="confirm-ok"]');
  if (await ok.count()) await ok.tap();
  for (const p of all) {
    await p.page.waitForFunction((s) => Number(document.querySelector('[data-testid="step-title"]').dataset.step) === s + 1, from);
  }
}

async function ask(p, text) {
  await p.page.fill('[data-testid="question-input"]', text);
  await p.page.tap('[data-testid="question-input-submit"]');
}

// For each tab of each page: axe, and the size of every target.
async function everyTab(people, lang) {
  const found = [], small = [];
  for (const p of people) {
    const { tabs } = await tabState(p.page);
    for (const id of tabs) {
      await p.page.tap(`#tab-${id}`);
      await selectedIs(p.page, id, `${p.name} taps ${id}`);
      found.push(...await audit(p.page, `${lang}/${p.name}/${id}`));
      small.push(...(await smallTargets(p.page)).map((s) => `${p.name}/${id}: ${s}`));
    }
  }
  return { found, small };
}

// Inside the viewport, and the top element at its centre (not covered).
const onScreen = (page, sel) => page.evaluate((s) => {
  const el = document.querySelector(s);
  if (!el) return 'missing';
  const r = el.getBoundingClientRect();
  if (!(r.height > 0 && r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth)) {
    return `outside: ${Math.round(r.top)}..${Math.round(r.bottom)} of ${innerHeight}`;
  }
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return el.contains(top) ? 'ok' : `covered by ${top?.className}`;
}, sel);

async function toBottom(page) {
  await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => Math.abs(scrollY + innerHeight - document.documentElement.scrollHeight) < 2);
}

async function docsShot(page, lang) {
  const dismiss = page.locator('#notice button[aria-label]');
  if (await dismiss.isVisible()) await dismiss.tap();
  await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
  await screenshot(page, `phone-tabs-${lang}`);
  if (!docsShots) return;
  const dir = path.join(SOURCE_ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `phone-tabs-${lang}.png`) });
}

test('a six-person workshop on phones: tabs, the step, re-renders, the header, targets, axe (en)', async () => {
  const w = await sixPeople(LOCALES.en);
  const { all, anne, bruno, chloe, dmitri, emma, farid } = w;
  try {
    // The tablist: five tabs for the facilitator, four for the others,
    // wired to their panels, one selected (the step's: Case at step 1),
    // one panel shown, a roving tabindex.
    const a = await tabState(anne.page);
    assert.ok(a.list, 'a visible tablist');
    assert.equal(a.label, 'Parts of the room');
    assert.deepEqual(a.tabs, ['case', 'questions', 'ideas', 'people', 'run']);
    assert.deepEqual(a.names, LABELS.en);
    assert.ok(a.wired, 'each tab controls its tabpanel, which it labels');
    for (const p of [bruno, chloe]) {
      const s = await tabState(p.page);
      assert.deepEqual(s.tabs, ['case', 'questions', 'ideas', 'people'], `${p.name}: no Run tab`);
      assert.ok(s.wired);
    }
    for (const p of all.slice(1)) await selectedIs(p.page, 'case', `${p.name} at step 1`);
    // Anne set Bruno's role in Run and saw it in People: her pick stays.
    await selectedIs(anne.page, 'people', 'Anne\'s pick during step 1');
    assert.deepEqual((await tabState(chloe.page)).tabindex, [0, -1, -1, -1], 'only the selected tab is in the Tab order');

    // By tap.
    await chloe.page.tap('#tab-people');
    await selectedIs(chloe.page, 'people', 'Chloé taps People');
    assert.deepEqual((await tabState(chloe.page)).tabindex, [-1, -1, -1, 0]);
    assert.ok(await chloe.page.isVisible('[data-testid="hand"]'), 'her hand button is in People');
    // By keyboard: arrows move and select, wrapping; Home, End.
    await chloe.page.focus('#tab-people');
    const keys = [['ArrowRight', 'case'], ['ArrowRight', 'questions'], ['ArrowLeft', 'case'], ['ArrowLeft', 'people'],
      ['Home', 'case'], ['End', 'people'], ['ArrowLeft', 'ideas']];
    for (const [key, want] of keys) {
      await chloe.page.keyboard.press(key);
      await selectedIs(chloe.page, want, `Chloé presses ${key}`);
      const s = await tabState(chloe.page);
      assert.equal(s.focus, want, `${key}: focus moves with the selection`);
      assert.equal(s.tabindex.filter((i) => i === 0).length, 1, 'one tab in the Tab order');
    }
    // Tab leaves the tablist for the panel (not the next tab).
    await chloe.page.keyboard.press('Tab');
    assert.equal(await chloe.page.evaluate(() => document.activeElement.id), 'panel-ideas', 'Tab goes to the panel');
    await anne.page.focus('#tab-case');
    await anne.page.keyboard.press('End');
    await selectedIs(anne.page, 'run', 'the facilitator: End is Run');

    // The client starts writing the sheet at step 1 and is still at it
    // when the step moves on: his panel is not pulled away.
    await bruno.page.fill('[data-testid="sheet.title"]', 'Two teams, one project');
    await bruno.page.focus('[data-testid="sheet.question"]');
    await bruno.page.keyboard.type('How can I');

    // The step moves (Next step from the bottom bar): the tab follows it,
    // also for those who picked another tab during step 1 (Chloé: Ideas,
    // Anne: Run).
    assert.equal(await onScreen(anne.page, '[data-testid="bar-next"]'), 'ok', 'Next step on screen (Run tab)');
    await barNext(anne, all);
    for (const p of [anne, chloe, dmitri, emma, farid]) await selectedIs(p.page, 'questions', `${p.name} at step 2`);
    await selectedIs(bruno.page, 'case', 'Bruno, typing, stays on his sheet');
    assert.equal(await bruno.page.evaluate(() => document.activeElement.dataset.testid), 'sheet.question', 'and keeps focus');
    assert.equal(await bruno.page.inputValue('[data-testid="sheet.question"]'), 'How can I');
    assert.ok(await bruno.page.evaluate(() => document.querySelector('#tab-questions').classList.contains('tab-step')
      && /this step/.test(document.querySelector('#tab-questions').textContent)), 'the step\'s tab is marked, in words');
    await bruno.page.keyboard.type(' bring them together?');
    await bruno.page.tap('[data-testid="sheet-save"]');
    await chloe.page.waitForFunction(() => document.querySelector('#panel-case .sheet-title')?.textContent === 'Two teams, one project');

    // Kept across re-renders: Dmitri picks Ideas with the keyboard; Emma's
    // question re-renders his page (the Questions count says so); his tab
    // and his focus stay. Farid is typing a question meanwhile: his text
    // and focus stay too.
    await dmitri.page.focus('#tab-questions');
    await dmitri.page.keyboard.press('ArrowRight');
    await selectedIs(dmitri.page, 'ideas', 'Dmitri picks Ideas');
    await farid.page.focus('[data-testid="question-input"]');
    await farid.page.keyboard.type('Who decides');
    await ask(emma, 'Since when do the two teams share the project?');
    await dmitri.page.waitForFunction(() => document.querySelector('#tab-questions .tab-count').textContent === '1');
    await farid.page.waitForSelector('[data-testid="question"]');
    await selectedIs(dmitri.page, 'ideas', 'Dmitri\'s choice survives the re-render');
    assert.equal((await tabState(dmitri.page)).focus, 'ideas', 'his focus stays on the Ideas tab');
    assert.equal(await farid.page.evaluate(() => document.activeElement.dataset.testid), 'question-input', 'Farid keeps focus');
    assert.equal(await farid.page.inputValue('[data-testid="question-input"]'), 'Who decides');
    await farid.page.keyboard.type('?');
    await farid.page.tap('[data-testid="question-input-submit"]');
    await ask(chloe, 'What did the director say about it?');
    await ask(emma, 'How often do the teams meet?');
    await ask(chloe, 'Who is in each team?');
    await ask(farid, 'What has already been tried together?');
    await anne.page.waitForFunction(() => document.querySelectorAll('#panel-questions [data-testid="question"]').length === 6);
    await anne.page.tap('[data-testid="bar-start"]');
    await anne.page.waitForSelector('[data-testid="bar-pause"]');

    // The header stays: scrolled to the bottom of a long panel, the step,
    // the timer and the tabs are on screen; for the facilitator the bar
    // too, and the end of the panel is above it, not behind it.
    for (const p of [anne, chloe]) {
      await toBottom(p.page);
      assert.ok(await p.page.evaluate(() => scrollY > 100), `${p.name}'s Questions panel scrolls`);
      for (const sel of ['[data-testid="step-title"]', '[data-testid="timer"]', '[data-testid="tabs"]']) {
        assert.equal(await onScreen(p.page, sel), 'ok', `${p.name}, at the bottom: ${sel}`);
      }
    }
    assert.equal(await onScreen(anne.page, '[data-testid="bar-next"]'), 'ok', 'Next step on screen at the bottom');
    assert.ok(await anne.page.evaluate(() => {
      const form = document.querySelector('#panel-questions .card').getBoundingClientRect();
      return form.bottom <= document.querySelector('[data-testid="runbar"]').getBoundingClientRect().top;
    }), 'the end of the panel is above the bar');
    // A tab picked down there shows its panel from its top, under the header.
    await chloe.page.tap('#tab-people');
    assert.ok(await chloe.page.evaluate(() => document.querySelector('#panel-people').getBoundingClientRect().top
      >= document.querySelector('.room-head').getBoundingClientRect().bottom - 1), 'People shown from its top');
    await docsShot(anne.page, 'en');

    // Next step is on screen, uncovered, on every tab of the facilitator,
    // at the top and at the bottom of each.
    for (const id of a.tabs) {
      await anne.page.tap(`#tab-${id}`);
      await anne.page.evaluate(() => scrollTo(0, 0));
      assert.equal(await onScreen(anne.page, '[data-testid="bar-next"]'), 'ok', `Next step on screen, ${id}, top`);
      await toBottom(anne.page);
      assert.equal(await onScreen(anne.page, '[data-testid="bar-next"]'), 'ok', `Next step on screen, ${id}, bottom`);
    }

    // Steps 3 and 4 by the bar (the timer runs: the page asks first): the
    // contract is in Case, the suggestions in Ideas.
    await barNext(anne, all);
    for (const p of [anne, chloe, dmitri]) await selectedIs(p.page, 'case', `${p.name} at step 3 (contract)`);
    assert.ok(await chloe.page.evaluate(() => document.querySelector('#panel-case').firstElementChild.id === 'card-contract'),
      'the contract comes first in Case');
    await barNext(anne, all);
    for (const p of [anne, chloe, dmitri, bruno]) await selectedIs(p.page, 'ideas', `${p.name} at step 4 (suggestions)`);
    await chloe.page.fill('[data-testid="suggestion-input"]', 'A shared kick-off day');
    await chloe.page.tap('[data-testid="suggestion-input-submit"]');
    await bruno.page.waitForSelector('#panel-ideas [data-testid="suggestion"] [data-testid="keep"]');

    // Targets and axe, tab by tab: the facilitator (timer running), a
    // consultant, the client.
    const { found, small } = await everyTab([anne, chloe, bruno], 'en');
    if (small.length) assert.fail(`${small.length} targets under 44 px:\n${small.join('\n')}`);
    if (found.length) assert.fail(`axe found:\n${found.join('\n')}`);
    for (const p of all) assert.deepEqual(p.errors, [], `${p.name}: no page error`);
  } finally {
    for (const p of all) await p.context.close();
  }
});

test('the phone tabs in French: names, axe and targets on every tab', async () => {
  const w = await sixPeople(LOCALES.fr);
  const { all, anne, chloe, dmitri, emma } = w;
  try {
    const s = await tabState(anne.page);
    assert.deepEqual(s.names, LABELS.fr);
    assert.equal(s.label, 'Parties de la salle');
    await barNext(anne, all);
    await selectedIs(chloe.page, 'questions', 'Chloé à l’étape 2');
    await ask(chloe, 'Depuis quand les deux équipes partagent-elles le projet ?');
    await ask(dmitri, 'Qu’en dit la direction ?');
    await ask(emma, 'Qu’avez-vous déjà essayé ensemble ?');
    await anne.page.waitForFunction(() => document.querySelectorAll('#panel-questions [data-testid="question"]').length === 3);
    await anne.page.tap('[data-testid="bar-start"]');
    await anne.page.waitForSelector('[data-testid="bar-pause"]');
    assert.equal(await anne.page.textContent('[data-testid="bar-pause"]'), 'Pause');
    assert.match(await anne.page.textContent('[data-testid="bar-next"]'), /^Étape suivante 3\. Contrat$/);
    const { found, small } = await everyTab([anne, chloe], 'fr');
    await anne.page.tap('#tab-questions');
    await docsShot(anne.page, 'fr');
    if (small.length) assert.fail(`${small.length} targets under 44 px:\n${small.join('\n')}`);
    if (found.length) assert.fail(`axe found:\n${found.join('\n')}`);
    for (const p of all) assert.deepEqual(p.errors, [], `${p.name}: no page error`);
  } finally {
    for (const p of all) await p.context.close();
  }
});

test('at 1280×800 there is no tablist; a phone page widened gets the desktop grid back', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const anne = await enter(room.facilitator_link, 'Anne', LOCALES.en, DESKTOP);
  const chloe = await enter(room.participant_link, 'Chloé', LOCALES.en, PHONE);
  try {
    const desk = (page) => page.evaluate(() => ({
      tablists: document.querySelectorAll('[role="tablist"], [role="tab"], [role="tabpanel"]').length,
      bar: !!document.querySelector('[data-testid="runbar"]'),
      side: [...document.querySelectorAll('.room-grid > .side-col > section')].map((e) => e.dataset.testid || e.className),
      cards: document.querySelectorAll('.room-grid > .material-col > .card').length,
      sticky: getComputedStyle(document.querySelector('[data-testid="stage"]')).position,
      hand: document.querySelector('[data-testid="hand"]')?.getClientRects().length > 0,
    }));
    const d = await desk(anne.page);
    assert.equal(d.tablists, 0, 'no tablist, tab or tabpanel on a desktop');
    assert.equal(d.bar, false, 'no bottom bar');
    assert.equal(d.cards, 8, 'every card in the material column');
    assert.equal(d.sticky, 'sticky', 'the header is sticky as before');
    assert.ok((await tabState(chloe.page)).list, 'the phone has its tabs');
    await chloe.page.tap('#tab-ideas');
    await chloe.page.setViewportSize(DESKTOP.viewport);
    await chloe.page.waitForFunction(() => !document.querySelector('[role="tablist"]'));
    const c = await desk(chloe.page);
    assert.equal(c.tablists, 0, 'widened: no tablist');
    assert.equal(c.cards, 8, 'widened: every card back in the grid');
    assert.deepEqual(c.side.length, 4, 'widened: the side column is whole again');
    assert.ok(c.hand, 'widened: the hand button is shown (no hidden panel left)');
    await chloe.page.setViewportSize(PHONE.viewport);
    await chloe.page.waitForSelector('[role="tablist"]');
    await selectedIs(chloe.page, 'ideas', 'narrowed again: her tab is still the one she picked');
    for (const p of [anne, chloe]) assert.deepEqual(p.errors, [], `${p.name}: no page error`);
  } finally {
    await anne.context.close();
    await chloe.context.close();
  }
});
