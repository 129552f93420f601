// The top of the room: the six steps as a stepper, the current step with
// its rule in one sentence, the countdown and the raised hands. It stays in
// view while the page scrolls (position: sticky in app.css).
import { h, memo } from '../dom.js';
import { t, currentLang, minutes } from '../i18n.js';
import { createTimer } from './timer.js';

export function stepName(kind) { return t(`step.${kind}.name`); }

export function createStage(ctx) {
  const stepper = h('ol', { class: 'stepper', 'aria-label': '' });
  const info = h('div', { class: 'step-info' });
  const timer = createTimer(ctx);
  // Raised hands next to the timer: the header stays in view (sticky), so
  // the facilitator sees a hand without scrolling to the queue.
  const hands = h('button', { type: 'button', class: 'hands-alert', hidden: true, dataset: { testid: 'hands-alert' },
    onclick: () => {
      const queue = document.querySelector('[data-testid="f-queue"], [data-testid="queue"]');
      ctx.reveal?.(queue); // on a phone: its tab first
      queue?.scrollIntoView({ block: 'center' });
    } });
  const el = h('section', { class: 'stage', 'aria-labelledby': 'step-title', dataset: { testid: 'stage' } },
    h('nav', { class: 'stepper-wrap' }, stepper),
    h('div', { class: 'stage-main' }, info, h('div', { class: 'stage-clock' }, hands, timer.el)));

  function updateHands(room) {
    const n = room.hands.length;
    hands.hidden = n === 0;
    const label = t('stage.hands', { n });
    // The name is the visible text and a hidden tail ("Hands 1 raised"):
    // a name that does not contain what is shown fails WCAG 2.5.3.
    if (hands.dataset.n !== String(n) || hands.title !== label) {
      hands.dataset.n = String(n);
      hands.title = label;
      hands.replaceChildren(h('span', { class: 'hands-word' }, t('stage.hands_short')), ' ',
        h('span', { class: 'hands-n' }, String(n)), h('span', { class: 'sr-only' }, t('stage.hands_tail', { n })));
    }
  }

  const renderSteps = memo(stepper, (room) => room.steps.map((s, i) => {
    const state = i < room.step ? 'done' : i === room.step ? 'current' : 'todo';
    return h('li', { class: `step ${state}`, 'aria-current': i === room.step ? 'step' : null,
      dataset: { kind: s.kind } },
    h('span', { class: 'step-num', 'aria-hidden': 'true' }, i < room.step ? '\u2713' : String(i + 1)),
    h('span', { class: 'step-label' },
      h('span', { class: 'sr-only' }, `${t('stage.step_n', { n: i + 1, total: room.steps.length })} `),
      h('span', { class: 'step-name' }, t(`step.${s.kind}.short`)),
      h('span', { class: 'step-dur' }, minutes(s.duration_ms)),
      state === 'done' ? h('span', { class: 'sr-only' }, ` (${t('stage.done')})`) : null));
  }));

  const renderInfo = memo(info, (room) => {
    const kind = room.steps[room.step].kind;
    return [
      h('p', { class: 'step-count', dataset: { testid: 'step-count' } },
        t('stage.step_n', { n: room.step + 1, total: room.steps.length })),
      h('h1', { id: 'step-title', class: 'step-title', dataset: { testid: 'step-title', step: String(room.step), kind } },
        stepName(kind)),
      h('p', { class: 'step-rule', dataset: { testid: 'step-rule' } }, t(`step.${kind}.rule`)),
      h('p', { class: 'step-who muted' }, t(`step.${kind}.who`)),
    ];
  });

  function update() {
    const room = ctx.room();
    stepper.setAttribute('aria-label', t('stage.steps'));
    const lang = currentLang();
    renderSteps([lang, room.step, room.steps.map((s) => [s.kind, s.duration_ms])], room);
    renderInfo([lang, room.step, room.steps[room.step].kind, room.steps.length], room);
    timer.update();
    updateHands(room);
  }
  return { el, update, timer };
}
