// The console's tools for every room at once: the banner (a message shown
// in every room) and the plenary countdown (everyone back in n minutes),
// with what is current and its countdown.
import { h, replace } from '../../dom.js';
import { t } from '../../i18n.js';
import * as clock from '../../clock.js';
import { mmss } from '../../console-state.js';
import { clockTime } from './common.js';

function bannerForm(ctx) {
  const s = ctx.state.session;
  const current = s.banner?.text || '';
  const busy = ctx.busy.has('banner');
  return h('form', { class: 'tool', onsubmit: (e) => {
    e.preventDefault();
    const text = ctx.banner.trim();
    if (text) ctx.act.broadcast(text).then((ok) => { if (ok) { ctx.banner = ''; renderTools(ctx); } });
  } },
  h('label', { for: 'banner-text' }, t('console.banner.label')),
  h('div', { class: 'row' },
    h('input', { id: 'banner-text', type: 'text', maxlength: 500, value: ctx.banner, class: 'grow',
      placeholder: t('console.banner.placeholder'),
      dataset: { focus: 'banner-text', testid: 'banner-text' }, oninput: (e) => { ctx.banner = e.target.value; } }),
    h('button', { type: 'submit', class: 'btn btn-primary', disabled: busy,
      dataset: { focus: 'banner-send', testid: 'banner-send' } }, t('console.banner.send'))),
  current ? h('p', { class: 'tool-current', dataset: { testid: 'banner-current' } },
    h('span', { class: 'muted' }, t('console.banner.current', { time: clockTime(s.banner.at) })), ' ',
    h('q', {}, current), ' ',
    h('button', { type: 'button', class: 'btn btn-small btn-ghost', disabled: busy,
      dataset: { focus: 'banner-clear', testid: 'banner-clear' }, onclick: () => ctx.act.broadcast('') }, t('console.banner.clear')))
    : h('p', { class: 'tool-current muted' }, t('console.banner.none')));
}

function plenaryForm(ctx) {
  const plenaryAt = ctx.state.session.plenary_at;
  const busy = ctx.busy.has('plenary');
  return h('form', { class: 'tool tool-plenary', onsubmit: (e) => {
    e.preventDefault();
    const n = Number.parseInt(ctx.plenaryMinutes, 10);
    if (n >= 1 && n <= 180) ctx.act.plenary(n);
  } },
  h('label', { for: 'plenary-min' }, t('console.plenary.label')),
  h('div', { class: 'row' },
    h('input', { id: 'plenary-min', type: 'number', min: 1, max: 180, step: 1, value: ctx.plenaryMinutes, class: 'num',
      dataset: { focus: 'plenary-min', testid: 'plenary-minutes' }, oninput: (e) => { ctx.plenaryMinutes = e.target.value; } }),
    h('span', { class: 'muted' }, t('console.plenary.unit')),
    h('button', { type: 'submit', class: 'btn', disabled: busy,
      dataset: { focus: 'plenary-start', testid: 'plenary-start' } },
    plenaryAt ? t('console.plenary.restart') : t('console.plenary.start'))),
  plenaryAt ? h('p', { class: 'tool-current', dataset: { testid: 'plenary-current' } },
    h('span', { class: 'plenary-left', dataset: { plenaryAt: String(plenaryAt) } }), ' ',
    h('button', { type: 'button', class: 'btn btn-small btn-ghost', disabled: busy,
      dataset: { focus: 'plenary-cancel', testid: 'plenary-cancel' }, onclick: () => ctx.act.plenary(0) }, t('console.plenary.cancel')))
    : h('p', { class: 'tool-current muted' }, t('console.plenary.none')));
}

export function renderTools(ctx) {
  if (!ctx.shell || !ctx.state.session) return;
  replace(ctx.shell.tools, bannerForm(ctx), plenaryForm(ctx));
  ctx.draw.tick();
}

// The plenary's countdown (text changes only).
export function tickPlenary(ctx) {
  const left = ctx.shell?.tools.querySelector('.plenary-left');
  if (!left) return;
  const at = Number(left.dataset.plenaryAt);
  const now = clock.isKnown() ? clock.now() : Date.now();
  const s = Math.max(0, Math.ceil((at - now) / 1000));
  const text = s > 0 ? t('console.plenary.left', { time: mmss(s) }) : t('console.plenary.now');
  if (left.textContent !== text) left.textContent = text;
}
