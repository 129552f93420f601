// What the room's and the console's connections share: the socket to /ws
// with the codev.v1 subprotocol, status events, request ids, the reconnect
// backoff, the "reconnect now" kick and the clock samples. Each subclass sends its own first
// message (greet) and reads the hub's replies (receive, closed).
export const BACKOFF = [500, 1000, 2000, 4000, 8000, 15000];
let counter = 0;
export const nextId = (p) => `${p}${Date.now().toString(36)}${(++counter).toString(36)}`;

export class HubSocket extends EventTarget {
  emit(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail })); }

  setStatus(s) {
    if (this.status === s) return;
    this.status = s;
    this.emit('status', s);
  }

  open() {
    clearTimeout(this.timer);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}/ws`, 'codev.v1');
    this.ws = ws;
    ws.addEventListener('open', () => this.greet(ws));
    ws.addEventListener('message', (ev) => this.receive(ws, ev.data));
    ws.addEventListener('close', (ev) => this.closed(ws, ev.code));
  }

  // Reconnect now (the network came back or the tab became visible).
  kick() {
    if (this.status !== 'reconnecting' || (this.ws && this.ws.readyState <= 1)) return;
    this.open();
  }

  // n pings 150 ms apart: pongs give the hub's clock offset.
  sampleClock(n) {
    for (let i = 0; i < n; i++) {
      setTimeout(() => {
        if (this.ws?.readyState === 1) this.ws.send(JSON.stringify({ type: 'ping', id: nextId('p'), t0: Date.now() }));
      }, i * 150);
    }
  }
}
