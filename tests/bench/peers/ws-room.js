// ws-room.js — the peer people would build first: a room broadcaster on
// Node's `ws`. Same wire contract as the other peers (see peers/README):
// hello {room} -> welcome; any command -> ack {re, seq} to the sender,
// then one event {type:"ev", seq, cmd} to every member of the room.
// Written the idiomatic way: JSON.parse per message, JSON.stringify once
// per event, ws.send per member, the usual isAlive heartbeat every 30 s.
'use strict';
const { WebSocketServer } = require('ws');

const rooms = new Map(); // room id -> { seq, members: Set }
const wss = new WebSocketServer({
  host: '127.0.0.1', port: 0, path: '/ws', perMessageDeflate: false,
  maxPayload: 65536, clientTracking: true,
});

function broadcast(room, obj, except) {
  const text = JSON.stringify(obj);
  for (const peer of room.members) if (peer !== except) peer.send(text);
}

function onMessage(ws, data) {
  let msg;
  try { msg = JSON.parse(data); } catch { return; }
  if (msg.type === 'ping') {
    ws.send(JSON.stringify({ type: 'pong', re: msg.id, t0: msg.t0, server_ms: Date.now() }));
    return;
  }
  if (msg.type === 'hello') {
    let room = rooms.get(msg.room);
    if (!room) rooms.set(msg.room, (room = { seq: 0, members: new Set(), next: 1 }));
    ws.room = room;
    ws.participant = room.next++;
    room.seq++;
    broadcast(room, { type: 'participant.joined', seq: room.seq, participant: ws.participant });
    room.members.add(ws);
    ws.send(JSON.stringify({ type: 'welcome', re: msg.id, seq: room.seq,
      you: { participant: ws.participant } }));
    return;
  }
  const room = ws.room;
  if (!room) return;
  room.seq++;
  ws.send(JSON.stringify({ type: 'ack', re: msg.id, seq: room.seq }));
  broadcast(room, { type: 'ev', seq: room.seq, cmd: msg });
}

wss.on('connection', (ws) => {
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
  ws.on('message', (data) => onMessage(ws, data));
  ws.on('close', () => {
    const room = ws.room;
    if (!room || !room.members.delete(ws)) return;
    room.seq++;
    broadcast(room, { type: 'participant.left', seq: room.seq, participant: ws.participant });
  });
});

const heartbeat = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) { ws.terminate(); continue; }
    ws.isAlive = false;
    ws.ping();
  }
}, 30000);

wss.on('listening', () => {
  process.stdout.write(`listening on http://127.0.0.1:${wss.address().port}\n`);
});
process.on('SIGTERM', () => { clearInterval(heartbeat); process.exit(0); });
