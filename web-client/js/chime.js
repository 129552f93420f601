// An optional soft chime at the timer marks and at zero, synthesised with
// Web Audio (no sound file to load). Off by default; the choice is kept.
// A second, separate choice (facilitator panel): a short high note when a
// hand is raised, also off by default.
const KEY = 'codev.chime';
const HANDS_KEY = 'codev.chime.hands';
let ctx = null;

export const enabled = () => localStorage.getItem(KEY) === 'on';

export function setEnabled(on) {
  localStorage.setItem(KEY, on ? 'on' : 'off');
  if (on) {
    ctx = ctx || new AudioContext(); // created on the click: autoplay rules
    play(1);
  }
}

export const handsEnabled = () => localStorage.getItem(HANDS_KEY) === 'on';

export function setHandsEnabled(on) {
  localStorage.setItem(HANDS_KEY, on ? 'on' : 'off');
  if (on) {
    ctx = ctx || new AudioContext();
    hand();
  }
}

// A raised hand: one short high note (distinct from the timer's).
export function hand() {
  if (handsEnabled()) tones([990]);
}

// strong: 1 for a mark, 2 for zero (two notes).
export function play(strong = 1) {
  if (enabled()) tones(strong > 1 ? [880, 660] : [660]);
}

function tones(notes) {
  try {
    ctx = ctx || new AudioContext();
    notes.forEach((f, i) => {
      const t0 = ctx.currentTime + i * 0.35;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = f;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.25, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.9);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 1);
    });
  } catch { /* no audio: the visual and spoken cues remain */ }
}
