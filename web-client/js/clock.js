// The hub's wall clock, estimated NTP-style from ping/pong: offset =
// server_ms - (t0 + t1) / 2, keeping the sample with the smallest round
// trip among the recent ones. Timers are shown against now() — never a
// counter decremented by setInterval (background tabs throttle those).
const KEEP = 8;
let samples = [];
let offset = 0;
let known = false;

export function reset() { samples = []; }

// A rough first estimate from welcome.server_ms (half a round trip off at
// most) until the first pong arrives.
export function roughly(serverMs) {
  if (!samples.length) { offset = serverMs - Date.now(); known = true; }
}

export function sample(t0, serverMs, t1 = Date.now()) {
  if (t1 < t0) return;
  samples.push({ rtt: t1 - t0, offset: serverMs - (t0 + t1) / 2 });
  if (samples.length > KEEP) samples.shift();
  offset = samples.reduce((a, b) => (b.rtt < a.rtt ? b : a)).offset;
  known = true;
}

export const now = () => Date.now() + offset;
export const getOffset = () => offset;
export const isKnown = () => known;
