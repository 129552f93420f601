// A minimal VideoRoom client on the raw Janus JSON API (HTTP + long-poll),
// no library: what the real web client will do, with the hub relaying the
// same JSON instead of the page posting to /janus. Exposed as window.spike.
//
// One publisher handle (our camera+mic), one multistream subscriber handle
// (every remote feed in one RTCPeerConnection; later feeds added with
// "subscribe", removed with "unsubscribe" by sub_mid).
/* global window, document, RTCPeerConnection, MediaStream */
'use strict';

const S = {
  base: '/janus', token: null, session: null, room: null, display: null,
  pub: null, sub: null, handlers: new Map(), log: [], t: {},
  feeds: new Map(),          // feed id -> { display, streams }
  subscribed: new Set(),     // feed ids asked for
  polling: false, stopped: false, localStream: null, remoteAudio: [],
  candidatesSeen: { local: [], remote: [] },
};
const now = () => performance.now();
const log = (...a) => { S.log.push(`${Math.round(now())} ${a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')}`); };
const rnd = () => Math.random().toString(36).slice(2, 12);

async function post(path, body) {
  const r = await fetch(S.base + path, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ transaction: rnd(), ...(S.token ? { token: S.token } : {}), ...body }),
  });
  return r.json();
}

// Pending synchronous replies (Janus answers "ack" then sends "event"
// with the same transaction for asynchronous plugin requests).
const waiters = new Map(); // transaction -> resolve
async function send(handle, body, jsep) {
  const transaction = rnd();
  const p = new Promise((resolve) => waiters.set(transaction, resolve));
  const r = await fetch(`${S.base}/${S.session}/${handle}`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ janus: 'message', transaction, token: S.token, body, ...(jsep ? { jsep } : {}) }),
  }).then((x) => x.json());
  if (r.janus === 'error') { waiters.delete(transaction); throw new Error(`janus error ${JSON.stringify(r.error)}`); }
  if (r.janus === 'success') { waiters.delete(transaction); return { data: r.plugindata?.data, jsep: r.jsep }; }
  return p; // 'ack' -> wait for the event
}

function trickle(handle, candidate) {
  const c = candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex } : { completed: true };
  if (candidate) S.candidatesSeen.local.push(candidate.candidate);
  return fetch(`${S.base}/${S.session}/${handle}`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ janus: 'trickle', transaction: rnd(), token: S.token, candidate: c }),
  });
}

async function poll() {
  S.polling = true;
  while (!S.stopped) {
    let evs;
    try {
      const r = await fetch(`${S.base}/${S.session}?maxev=10&rid=${Date.now()}&token=${encodeURIComponent(S.token)}`);
      evs = await r.json();
    } catch (e) { log('poll error', String(e)); await new Promise((r) => setTimeout(r, 200)); continue; }
    if (!Array.isArray(evs)) evs = [evs];
    for (const ev of evs) onEvent(ev);
  }
}

function onEvent(ev) {
  if (ev.janus === 'keepalive') return;
  if (ev.transaction && waiters.has(ev.transaction) && ev.janus === 'event') {
    const w = waiters.get(ev.transaction); waiters.delete(ev.transaction);
    w({ data: ev.plugindata?.data, jsep: ev.jsep });
  }
  const h = S.handlers.get(ev.sender);
  if (h) h(ev);
  else log('event for unknown handle', ev.janus);
}

// A handle = one RTCPeerConnection; Janus's candidates may come before
// its SDP (full_trickle): keep them until setRemoteDescription is done.
function makePc(handle, kind) {
  const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle' });
  const st = { pc, handle, kind, pending: [], remoteSet: false, early: 0 };
  pc.onicecandidate = (e) => { trickle(handle, e.candidate); };
  pc.oniceconnectionstatechange = () => log(kind, 'ice', pc.iceConnectionState);
  pc.onconnectionstatechange = () => { log(kind, 'pc', pc.connectionState); if (pc.connectionState === 'connected' && !S.t[`${kind}Connected`]) S.t[`${kind}Connected`] = now(); };
  st.setRemote = async (jsep) => {
    await pc.setRemoteDescription(jsep);
    st.remoteSet = true;
    for (const c of st.pending.splice(0)) await pc.addIceCandidate(c).catch((e) => log('addIce', String(e)));
  };
  st.onTrickle = async (cand) => {
    if (cand.completed) { if (st.remoteSet) await pc.addIceCandidate(null).catch(() => {}); else st.pending.push(null); return; }
    S.candidatesSeen.remote.push(cand.candidate);
    if (!st.remoteSet) { st.pending.push(cand); st.early += 1; return; }
    await pc.addIceCandidate(cand).catch((e) => log('addIce', String(e)));
  };
  return st;
}

async function attach() {
  const r = await post(`/${S.session}`, { janus: 'attach', plugin: 'janus.plugin.videoroom' });
  if (r.janus !== 'success') throw new Error(`attach: ${JSON.stringify(r)}`);
  return r.data.id;
}

function newFeeds(list) {
  for (const p of list || []) {
    if (p.dummy) continue;
    S.feeds.set(p.id, p);
  }
  subscribeAll().catch((e) => log('subscribe error', String(e)));
}

let subChain = Promise.resolve();
function subscribeAll() {
  subChain = subChain.then(async () => {
    const want = [...S.feeds.keys()].filter((f) => !S.subscribed.has(f));
    if (!want.length) return;
    for (const f of want) S.subscribed.add(f);
    const streams = want.map((feed) => ({ feed }));
    if (!S.sub) {
      const handle = await attach();
      S.sub = makePc(handle, 'sub');
      S.sub.pc.ontrack = (e) => {
        log('track', e.track.kind, e.transceiver.mid);
        if (!S.t.firstTrack) S.t.firstTrack = now();
        if (e.track.kind === 'audio') {
          const a = document.createElement('audio');
          a.autoplay = true; a.srcObject = new MediaStream([e.track]);
          document.body.append(a); S.remoteAudio.push(a);
        } else {
          const v = document.createElement('video');
          v.autoplay = true; v.muted = true; v.playsInline = true; v.srcObject = new MediaStream([e.track]);
          document.body.append(v);
          v.requestVideoFrameCallback(() => { if (!S.t.firstFrame) S.t.firstFrame = now(); });
        }
      };
      S.handlers.set(handle, (ev) => onSubEvent(ev));
      S.t.subJoinSent = now();
      const r = await send(handle, { request: 'join', ptype: 'subscriber', room: S.room, private_id: S.privateId, streams });
      await onSubOffer(r);
    } else {
      const r = await send(S.sub.handle, { request: 'subscribe', streams });
      await onSubOffer(r);
    }
  });
  return subChain;
}

async function onSubOffer({ data, jsep }) {
  if (data?.error) { log('sub error', data); S.lastSubError = data; return; }
  if (data?.streams) S.subStreams = data.streams;
  if (!jsep) return;
  await S.sub.setRemote(jsep);
  const answer = await S.sub.pc.createAnswer();
  await S.sub.pc.setLocalDescription(answer);
  const r = await send(S.sub.handle, { request: 'start' }, { type: 'answer', sdp: S.sub.pc.localDescription.sdp });
  log('sub start', r.data);
}

function onSubEvent(ev) {
  if (ev.janus === 'trickle') { S.sub.onTrickle(ev.candidate); return; }
  if (ev.janus === 'event' && !ev.transaction) {
    const d = ev.plugindata?.data || {};
    // Janus renegotiates on its own (e.g. a publisher left, autoupdate): answer it.
    if (ev.jsep) subChain = subChain.then(() => onSubOffer({ data: d, jsep: ev.jsep }));
    if (d.streams) S.subStreams = d.streams;
  }
  if (ev.janus === 'webrtcup' || ev.janus === 'media' || ev.janus === 'hangup') log('sub', ev.janus, ev.type || '', ev.receiving ?? '');
}

function onPubEvent(ev) {
  if (ev.janus === 'trickle') { S.pub.onTrickle(ev.candidate); return; }
  if (ev.janus === 'event' && !ev.transaction) {
    const d = ev.plugindata?.data || {};
    // Unsolicited room events, kept by kind (the keys tell them apart:
    // publishers, joining, unpublished, leaving, kicked, moderation, talking...).
    const kind = d.videoroom === 'event'
      ? Object.keys(d).filter((k) => !['videoroom', 'room', 'id', 'mid', 'display', 'audio-level-dBov-avg', 'reason'].includes(k)).join('+') || 'event'
      : d.videoroom;
    if (d.videoroom === 'talking' || d.videoroom === 'stopped-talking') S.talking.push({ at: Date.now(), kind: d.videoroom, id: d.id });
    else S.events.push({ at: Date.now(), kind, reason: d.reason, mid: d.mid, value: d.moderation });
    if (d.publishers) newFeeds(d.publishers);
    if (d.unpublished || d.leaving || d.kicked) log('gone', d.unpublished || d.leaving || d.kicked, d.reason || '');
    if (d.moderation || d.configured) log('pub event', d);
  }
  if (ev.janus === 'webrtcup' || ev.janus === 'media' || ev.janus === 'hangup' || ev.janus === 'slowlink') {
    log('pub', ev.janus, ev.type || '', ev.receiving ?? '', ev.reason || '');
    if (ev.janus === 'hangup') S.hangup = { t: now(), reason: ev.reason };
  }
}
S.events = []; S.talking = [];

// join: session, publisher handle, join (with the room token), publish.
// publish=false: a passive participant (an observer): no camera, no
// microphone, no getUserMedia at all; it still joins as "publisher" (the
// only way to get a private_id, which require_pvtid needs to subscribe).
async function join({ token, roomToken, room, display, id, audio = true, video = true, publish = true }) {
  S.token = token; S.room = room; S.display = display;
  // Camera and microphone first (the real client's device check comes
  // before entering): with the permission granted, Chromium gathers real
  // host candidates instead of hiding them behind *.local mDNS names.
  if (publish) {
    S.t.gumStart = now();
    S.localStream = await navigator.mediaDevices.getUserMedia({ audio, video: video ? { width: 320, height: 240, frameRate: 15 } : false });
    S.t.gum = now();
  }
  const c = await post('', { janus: 'create' });
  if (c.janus !== 'success') return { error: c.error };
  S.session = c.data.id;
  poll();
  const handle = await attach();
  S.pub = makePc(handle, 'pub');
  S.handlers.set(handle, onPubEvent);
  S.t.join = now();
  const j = await send(handle, { request: 'join', ptype: 'publisher', room, display, ...(id ? { id } : {}), ...(roomToken !== undefined ? { token: roomToken } : {}) });
  if (j.data?.error_code) return { error: j.data };
  S.myId = j.data.id; S.privateId = j.data.private_id;
  S.t.joined = now();
  newFeeds(j.data.publishers);
  if (!publish) return { id: S.myId, mids: [] };
  for (const t of S.localStream.getTracks()) S.pub.pc.addTransceiver(t, { direction: 'sendonly', streams: [S.localStream] });
  const offer = await S.pub.pc.createOffer();
  await S.pub.pc.setLocalDescription(offer);
  const r = await send(handle, { request: 'publish', audio, video }, { type: 'offer', sdp: S.pub.pc.localDescription.sdp });
  if (r.data?.error_code) return { error: r.data };
  await S.pub.setRemote(r.jsep);
  S.t.published = now();
  return { id: S.myId, mids: S.pub.pc.getTransceivers().map((t) => ({ mid: t.mid, kind: t.sender.track?.kind })) };
}

// What getStats says about every inbound stream (per subscriber mid).
async function stats() {
  const out = { inbound: [], candidatePairs: [], t: S.t, early: { pub: S.pub?.early, sub: S.sub?.early } };
  if (S.sub) {
    const rep = await S.sub.pc.getStats();
    rep.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        out.inbound.push({ kind: s.kind, mid: s.mid, framesDecoded: s.framesDecoded, packetsReceived: s.packetsReceived,
          bytesReceived: s.bytesReceived, totalAudioEnergy: s.totalAudioEnergy, audioLevel: s.audioLevel, frameWidth: s.frameWidth });
      }
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        const l = rep.get(s.localCandidateId); const r = rep.get(s.remoteCandidateId);
        out.candidatePairs.push({ local: `${l?.candidateType} ${l?.address}:${l?.port}`, remote: `${r?.candidateType} ${r?.address}:${r?.port}` });
      }
    });
  }
  out.subStreams = S.subStreams;
  return out;
}

async function unsubscribeFeed(feed) {
  const mids = (S.subStreams || []).filter((s) => s.feed_id === feed).map((s) => ({ sub_mid: s.mid }));
  if (!mids.length) return null;
  const r = await send(S.sub.handle, { request: 'unsubscribe', streams: mids });
  await onSubOffer(r);
  S.subscribed.delete(feed); S.feeds.delete(feed);
  return r.data;
}

// Samples getStats every 50 ms and keeps, per (kind, feed), when the
// counter (video framesDecoded, audio packetsReceived) last went up, on the
// wall clock (Date.now(), shared with the test process), so a test can
// tell when a stream stopped without its own polling latency.
function watch() {
  if (S.watchTimer) return;
  S.watch = {};
  S.watchTimer = setInterval(async () => {
    if (!S.sub) return;
    const rep = await S.sub.pc.getStats();
    rep.forEach((x) => {
      if (x.type !== 'inbound-rtp') return;
      const feed = (S.subStreams || []).find((st) => st.mid === x.mid)?.feed_id ?? `mid${x.mid}`;
      const key = `${x.kind}:${feed}`;
      const v = x.kind === 'video' ? x.framesDecoded : x.packetsReceived;
      const w = S.watch[key] || (S.watch[key] = { v: -1, last: 0 });
      if (v > w.v) { w.v = v; w.last = Date.now(); }
    });
  }, 50);
}

window.spike = { watch, watched: () => S.watch, join, stats, unsubscribeFeed, S, log: () => S.log, leave: () => { S.stopped = true; } };
