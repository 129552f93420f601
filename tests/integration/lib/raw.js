// Raw HTTP over a socket: paths are sent byte for byte (fetch and URL
// would normalise "..", "%2e%2e" and friends before they reach the hub).
import net from 'node:net';

export function rawRequest(port, requestText, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => { sock.destroy(); resolve(parse(data)); }, timeoutMs);
    sock.on('connect', () => sock.write(requestText));
    sock.on('data', (d) => {
      data = Buffer.concat([data, d]);
      const res = parse(data);
      if (res.complete) { clearTimeout(timer); sock.destroy(); resolve(res); }
    });
    sock.on('end', () => { clearTimeout(timer); resolve(parse(data)); });
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

function parse(buf) {
  const text = buf.toString('latin1');
  const head = text.indexOf('\r\n\r\n');
  if (head < 0) return { status: 0, headers: {}, body: '', complete: false };
  const lines = text.slice(0, head).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  const body = text.slice(head + 4);
  const len = headers['content-length'];
  const complete = status === 101 || (len !== undefined && body.length >= Number(len));
  return { status, headers, body, complete };
}

export function get(port, path, extra = '') {
  return rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${extra}\r\n`);
}

export function upgrade(port, { path = '/ws', origin, protocol } = {}) {
  let req = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
    'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
  if (origin !== undefined) req += `Origin: ${origin}\r\n`;
  if (protocol !== undefined) req += `Sec-WebSocket-Protocol: ${protocol}\r\n`;
  return rawRequest(port, req + '\r\n', { timeoutMs: 2000 });
}
