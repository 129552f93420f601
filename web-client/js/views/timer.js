// The big countdown. Computed every animation frame from the hub's
// deadline and the clock offset: remaining = deadline - (Date.now() +
// offset). Never a decrementing counter, so a throttled background tab is
// right again the moment it is shown. While the connection is down it
// shows no number at all rather than a possibly stale one.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import * as clock from '../clock.js';

const DEFAULT_MARKS = [120, 30];

export function remainingMs(timer) {
  if (!timer) return 0;
  if (timer.status === 'running' && typeof timer.deadline_ms === 'number') {
    return timer.deadline_ms - clock.now();
  }
  return timer.remaining_ms > 0 ? timer.remaining_ms : -(timer.overrun_ms || 0);
}

// Whole seconds shown: counts 0:01 → 0:00 at zero, then −0:01...
export function displaySeconds(ms) {
  return ms >= 0 ? Math.ceil(ms / 1000) : -Math.floor(-ms / 1000);
}

export function format(s) {
  const a = Math.abs(s);
  const m = Math.floor(a / 60);
  const body = `${m}:${String(a % 60).padStart(2, '0')}`;
  return s < 0 ? `\u2212${body}` : body;
}

export function createTimer(ctx) {
  const value = h('div', { class: 'timer-value', dataset: { testid: 'timer' }, 'aria-hidden': 'true' });
  const status = h('div', { class: 'timer-status', dataset: { testid: 'timer-status' } });
  const sr = h('span', { class: 'sr-only' });
  const bar = h('div', { class: 'timer-bar' }, h('div', { class: 'timer-fill' }));
  const el = h('div', { class: 'timer', role: 'timer', 'aria-live': 'off' }, sr, value, status, bar);
  const learned = new Set();
  // The hub's marks come with the snapshot (warn_marks_s); an older hub
  // without them: the marks its warnings taught us, else the defaults.
  const marks = () => {
    const known = ctx.room()?.warn_marks_s;
    if (Array.isArray(known)) return known;
    return learned.size ? [...learned] : DEFAULT_MARKS;
  };
  let lastText = '';

  function render() {
    const room = ctx.room();
    const timer = room?.timer;
    const live = ctx.conn.status === 'open' && timer;
    let text, cls, secs = '';
    if (!live) {
      text = '\u2013\u2013:\u2013\u2013';
      cls = 'stale';
    } else {
      const ms = remainingMs(timer);
      const s = displaySeconds(ms);
      secs = String(s);
      text = format(s);
      // Only marks inside this step's duration make sense (a 3-minute
      // contract step has no "2 minutes left" warning colour from the start).
      const inside = marks().filter((m) => m * 1000 < timer.duration_ms);
      // One mark known: it is a warning; two: the later one is urgent.
      const first = inside.length ? Math.max(...inside) : -1;
      const second = inside.length > 1 ? Math.min(...inside) : -1;
      cls = s < 0 || (s === 0 && timer.status === 'running') ? 'over'
        : timer.status === 'idle' ? 'idle'
          : s <= second ? 'urgent' : s <= first ? 'warn' : 'ok';
      if (timer.status === 'paused') cls += ' paused';
      const frac = timer.duration_ms ? Math.min(1, Math.max(0, 1 - ms / timer.duration_ms)) : 0;
      bar.firstChild.style.setProperty('--done', String(frac));
    }
    if (text !== lastText) {
      value.textContent = text;
      value.dataset.seconds = secs;
      // The screen-reader text follows the visible value (never stale);
      // role="timer" is not live, so this is read when visited, not on
      // every second. The status (one "Time left") is the next element.
      sr.textContent = t('timer.sr', { time: text });
      lastText = text;
    }
    if (el.dataset.state !== cls) el.dataset.state = cls;
    showStatus(live ? statusKey(timer, cls) : 'timer.stale');
  }
  function frame() {
    render();
    requestAnimationFrame(frame);
  }

  // Warning and urgent are said in words (and a sign), not by colour only.
  function statusKey(timer, cls) {
    if (timer.status === 'paused') return 'timer.paused';
    if (timer.status === 'idle' || cls === 'idle') return 'timer.idle';
    if (cls === 'over') return 'timer.over';
    if (cls === 'urgent') return 'timer.urgent';
    if (cls === 'warn') return 'timer.warn';
    return 'timer.running';
  }
  let lastStatus = '';
  function showStatus(key) {
    const text = t(key);
    if (text === lastStatus) return;
    status.textContent = text;
    status.dataset.key = key.slice('timer.'.length);
    lastStatus = text;
  }

  // On a snapshot, a reconnection or a language change: the status and
  // the screen-reader text again, in the current language.
  function update() {
    lastStatus = '';
    lastText = '';
    render();
  }

  // Without warn_marks_s, marks are learned from the hub's warnings.
  const warned = (remainingS) => learned.add(remainingS);

  requestAnimationFrame(frame);
  return { el, update, warned };
}
