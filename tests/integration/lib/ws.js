// A WebSocket client speaking codev.v1 the way the browser does, with
// helpers to await a given message or the close.
import WebSocket from 'ws';

// url replaces the hub's own address (a proxy in front of it, wss://...);
// wsOptions go to ws (localAddress, rejectUnauthorized...).
export function connect(hub, { origin = hub.origin, protocol = 'codev.v1', path = '/ws', headers = {},
  url = `ws://127.0.0.1:${hub.port}${path}`, wsOptions = {} } = {}) {
  const ws = new WebSocket(url, protocol === null ? undefined : protocol,
    { origin: origin === null ? undefined : origin, headers, perMessageDeflate: false, ...wsOptions });
  const inbox = [];
  const waiters = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    inbox.push(msg);
    for (const w of [...waiters]) w();
  });
  ws.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.opened = new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('unexpected-response', (req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
  });
  ws.inbox = inbox;
  // Resolves with the first message (from the start of the inbox) that
  // matches pred and removes it, waiting up to timeoutMs.
  ws.next = (pred, timeoutMs = 5000) => new Promise((resolve, reject) => {
    const check = () => {
      const i = inbox.findIndex(pred);
      if (i >= 0) {
        const [m] = inbox.splice(i, 1);
        waiters.splice(waiters.indexOf(check), 1);
        clearTimeout(timer);
        resolve(m);
        return true;
      }
      return false;
    };
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(check), 1);
      reject(new Error(`no matching message in ${timeoutMs} ms; inbox: ${JSON.stringify(inbox).slice(0, 500)}`));
    }, timeoutMs);
    waiters.push(check);
    check();
  });
  ws.request = (msg, timeoutMs) => {
    ws.send(JSON.stringify(msg));
    return ws.next((m) => m.re === msg.id && ['ack', 'error', 'welcome', 'pong', 'records', 'record'].includes(m.type), timeoutMs);
  };
  return ws;
}
