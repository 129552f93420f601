// A TCP relay between the browser and the hub, so a test can cut one
// page's network (every open socket destroyed, new ones refused) without
// touching the hub — and keep a stable address across a hub restart.
import net from 'node:net';

export async function startProxy(targetPort) {
  const sockets = new Set();
  let target = targetPort;
  let down = false;
  const server = net.createServer((client) => {
    if (down) { client.destroy(); return; }
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    // Rewrites a hub link (http://127.0.0.1:<hub>/...) to go through us.
    link: (url) => { const u = new URL(url); u.port = String(port); return u.toString(); },
    retarget(p) { target = p; },
    // The network goes away: open connections die, new ones are refused.
    cut() { down = true; for (const s of sockets) s.destroy(); },
    restore() { down = false; },
    close() { this.cut(); return new Promise((resolve) => server.close(resolve)); },
  };
}
