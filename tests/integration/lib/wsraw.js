// A WebSocket client built on node:net that sends frames byte for byte
// (reserved bits, unmasked frames, bad lengths, split UTF-8...), for the
// wire battery. Frames from the hub are parsed; the first close frame's
// code is kept.
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export const OP = { CONT: 0, TEXT: 1, BIN: 2, CLOSE: 8, PING: 9, PONG: 10 };

// Encodes one client frame. opts: fin (true), rsv (0..7), mask (true),
// maskKey (4 bytes), len (override the declared length), len16/len64
// (force a longer length form).
export function frame(opcode, payload = Buffer.alloc(0), opts = {}) {
  const { fin = true, rsv = 0, mask = true } = opts;
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const declared = opts.len ?? data.length;
  const head = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (opts.len64 || declared > 0xffff) {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(declared));
  } else if (opts.len16 || declared > 125) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(declared);
  } else {
    head.push(m | declared);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, data]);
  const key = opts.maskKey ?? randomBytes(4);
  const body = Buffer.from(data);
  for (let i = 0; i < body.length; i++) body[i] ^= key[i % 4];
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

export const text = (s, opts) => frame(OP.TEXT, Buffer.from(s), opts);

// Opens a raw connection and sends the upgrade (origin undefined: no
// Origin header; protocol null: no Sec-WebSocket-Protocol header). Resolves with
// { status, headers, sock, next(), closed, send(buf) } once the response
// head arrived; frames after a 101 are parsed.
export function rawWs(port, { origin, protocol = 'codev.v1', path = '/ws', headers = '',
  request } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let head = null;
    const frames = [];
    const waiters = [];
    let closeResolve;
    const closed = new Promise((r) => { closeResolve = r; });
    let closeCode = null;
    const wake = () => { for (const w of [...waiters]) w(); };
    const parse = () => {
      for (;;) {
        if (buf.length < 2) return;
        const op = buf[0] & 0x0f, fin = !!(buf[0] & 0x80);
        let len = buf[1] & 0x7f, off = 2;
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
        else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
        if (buf.length < off + len) return;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        const f = { op, fin, payload };
        if (op === OP.CLOSE && closeCode === null) closeCode = len >= 2 ? payload.readUInt16BE(0) : 1005;
        frames.push(f);
        wake();
      }
    };
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!head) {
        const i = buf.indexOf('\r\n\r\n');
        if (i < 0) return;
        const lines = buf.subarray(0, i).toString('latin1').split('\r\n');
        const hdrs = {};
        for (const l of lines.slice(1)) {
          const k = l.indexOf(':');
          hdrs[l.slice(0, k).trim().toLowerCase()] = l.slice(k + 1).trim();
        }
        head = { status: Number(lines[0].split(' ')[1]), headers: hdrs };
        buf = buf.subarray(i + 4);
        if (head.status !== 101) { head.body = buf.toString('latin1'); buf = Buffer.alloc(0); }
        resolve(api);
      }
      if (head.status === 101) parse();
    });
    sock.on('close', () => { closeResolve({ code: closeCode }); wake(); if (!head) { head = { status: 0, headers: {}, body: '' }; resolve(api); } });
    sock.on('error', () => {});
    sock.on('connect', () => {
      if (request !== undefined) { sock.write(request); return; }
      let req = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
        'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
      if (origin !== undefined) req += `Origin: ${origin}\r\n`;
      if (protocol !== null) req += `Sec-WebSocket-Protocol: ${protocol}\r\n`;
      sock.write(req + headers + '\r\n');
    });
    const timer = setTimeout(() => { if (!head) { sock.destroy(); reject(new Error('no response head')); } }, 5000);
    sock.on('close', () => clearTimeout(timer));
    const api = {
      get status() { return head.status; },
      get headers() { return head.headers; },
      get body() { return head.body; },
      sock, frames, closed, timedOut: false,
      send(...bufs) { for (const b of bufs) sock.write(b); },
      // Next frame matching pred (default: any data frame), or null once
      // the socket closed without one.
      next(pred = (f) => f.op === OP.TEXT, timeoutMs = 5000) {
        return new Promise((res, rej) => {
          const check = () => {
            const i = frames.findIndex(pred);
            if (i >= 0) { done(); res(frames.splice(i, 1)[0]); return; }
            if (sock.destroyed) { done(); res(null); }
          };
          const t = setTimeout(() => { done(); rej(new Error(`no frame in ${timeoutMs} ms`)); }, timeoutMs);
          const done = () => { clearTimeout(t); const k = waiters.indexOf(check); if (k >= 0) waiters.splice(k, 1); };
          waiters.push(check);
          check();
        });
      },
      async json(timeoutMs) {
        const f = await api.next((x) => x.op === OP.TEXT, timeoutMs);
        return f && JSON.parse(f.payload.toString('utf8'));
      },
      // Resolves with the close code of the hub's close frame as soon as
      // it arrives, or null when the TCP connection ended without one.
      // api.timedOut tells whether our timeout (not the hub) ended it.
      async closeCode(timeoutMs = 5000) {
        const f = await api.next((x) => x.op === OP.CLOSE, timeoutMs).catch(() => {
          api.timedOut = true;
          return null;
        });
        sock.destroy();
        return f ? closeCode : null;
      },
      end() { sock.destroy(); },
    };
  });
}
