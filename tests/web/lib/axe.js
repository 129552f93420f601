// The accessibility audit shared by the browser tests: axe-core (pinned in
// tests/package.json) run on a page as it is, and the pages it needs — the
// page's strict CSP would refuse the injected axe script, so the contexts
// opened here bypass it.
import { createRequire } from 'node:module';
import { watchErrors } from './browser.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

export const LOCALES = { en: 'en-US', fr: 'fr-CA' };
export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

// Runs axe on the page as it is; returns the serious and critical
// violations as "state: rule (impact) — targets: why" lines (none: []).
export async function audit(page, state) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').trim()}]` : ''}`) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${state}: ${v.id} (${v.impact}) — ${v.nodes.join(', ')}`);
}

// A page of its own (own storage, as on a person's device), axe allowed.
export async function newPage(browser, locale, viewport, options = {}) {
  const context = await browser.newContext({ locale, viewport, bypassCSP: true, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  return { context, page, errors };
}

// Opens a room link, fills in the name, accepts the rules and enters.
export async function enterAs(browser, link, name, locale, viewport) {
  const p = await newPage(browser, locale, viewport);
  await p.page.goto(link);
  await p.page.waitForSelector('[data-testid="join-name"]');
  await p.page.fill('[data-testid="join-name"]', name);
  await p.page.check('[data-testid="join-accept"]');
  await p.page.click('[data-testid="join-submit"]');
  await p.page.waitForSelector('[data-testid="room"]');
  return p;
}

// What a finger must hit on a phone: every visible control at least 44×44
// CSS px (WCAG 2.5.5), a checkbox with its label, tabs included.
export async function smallTargets(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, select, input, a[href], textarea, summary, [tabindex="0"], [role="tab"]')) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
      let { width, height } = r;
      const label = el.closest('label') || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`));
      if ((el.type === 'checkbox' || el.type === 'radio') && label) {
        const l = label.getBoundingClientRect();
        width = Math.max(width, l.width); height = Math.max(height, l.height);
      }
      if (width < 43.5 || height < 43.5) {
        out.push(`${el.tagName.toLowerCase()}[${el.dataset.testid || el.dataset.focus || el.id || el.className}] ${Math.round(width)}×${Math.round(height)}`);
      }
    }
    return out;
  });
}
