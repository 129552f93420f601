// An optional soft chime at the timer marks and at zero, synthesised with
// Web Audio (no sound file to load). Off by default; the choice is kept.
const KEY = 'codev.chime';
let ctx = null;

export const enabled = () => localStorage.getItem(KEY) === 'on';

export function setEnabled(on) {
  localStorage.setItem(KEY, on ? 'on' : 'off');
  if (on) {
    ctx = ctx || new AudioContext(); // created on the click: autoplay rules
    play(1);
  }
}

// strong: 1 for a mark, 2 for zero (two notes).
export function play(strong = 1) {
  if (!enabled()) return;
  try {
    ctx = ctx || new AudioContext();
    const notes = strong > 1 ? [880, 660] : [660];
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
