// Placeholder client: proves the path page -> /ws (codev.v1) -> hub.
// The token, when present, stays in the URL fragment and is removed from
// the address bar; the real client sends it in hello.
const status = document.getElementById('status');

function show(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}/ws`, 'codev.v1');
  ws.addEventListener('open', () => {
    show('connected', 'connected');
    ws.send(JSON.stringify({ type: 'ping', id: 'p1', t0: Date.now() }));
  });
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.type === 'pong') {
      const now = Date.now();
      const offset = Math.round(msg.server_ms - (msg.t0 + now) / 2);
      document.getElementById('offset').textContent = String(offset);
      document.getElementById('clock').hidden = false;
    }
  });
  ws.addEventListener('close', () => {
    show('disconnected', 'disconnected');
    setTimeout(connect, 2000);
  });
}

if (location.hash.length > 1) {
  history.replaceState(null, '', location.pathname + location.search);
}
connect();
