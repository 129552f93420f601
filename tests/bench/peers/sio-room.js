// sio-room.js — the same room broadcaster on Socket.IO, using its rooms
// (socket.join, io.to(room).emit): what many would reach for. WebSocket
// transport only (the generator speaks Engine.IO v4 / Socket.IO v5
// framing over it); every message is the event "m" carrying the same
// objects as the other peers.
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const server = http.createServer();
const io = new Server(server, {
  transports: ['websocket'], perMessageDeflate: false, httpCompression: false,
  maxHttpBufferSize: 65536, serveClient: false, cors: { origin: true },
});
const rooms = new Map(); // room id -> { seq, next }

io.on('connection', (socket) => {
  socket.on('m', (msg) => {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'hello') {
      let room = rooms.get(msg.room);
      if (!room) rooms.set(msg.room, (room = { seq: 0, next: 1 }));
      socket.data.room = msg.room;
      socket.data.participant = room.next++;
      room.seq++;
      socket.to(msg.room).emit('m', { type: 'participant.joined', seq: room.seq,
        participant: socket.data.participant });
      socket.join(msg.room);
      socket.emit('m', { type: 'welcome', re: msg.id, seq: room.seq,
        you: { participant: socket.data.participant } });
      return;
    }
    const id = socket.data.room;
    const room = id && rooms.get(id);
    if (!room) return;
    room.seq++;
    socket.emit('m', { type: 'ack', re: msg.id, seq: room.seq });
    io.to(id).emit('m', { type: 'ev', seq: room.seq, cmd: msg });
  });
  socket.on('disconnect', () => {
    const id = socket.data.room;
    const room = id && rooms.get(id);
    if (!room) return;
    room.seq++;
    io.to(id).emit('m', { type: 'participant.left', seq: room.seq,
      participant: socket.data.participant });
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
