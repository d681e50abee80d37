// Yjs load driver (issue 4): the same scenarios against Switchboard's /yjs/{doc} (plain y-websocket) and
// against @hocuspocus/server (its own framing: every y-websocket message is prefixed with the document
// name, and a connection starts with an auth message). Raw `ws` + y-protocols/lib0 encoders; writers keep a
// Y.Doc and send real Yjs text-insert updates; listeners only count the updates they receive (no Y.Doc).
//
// usage: node driver.mjs <sb|hp> <wsBase> <mode> [--key value ...]
//   sb wsBase: ws://127.0.0.1:PORT/yjs (token from env TOKEN)    hp wsBase: ws://127.0.0.1:PORT
//   fanout   --clients N --writers K --seconds D --warmup S --window W [--rate R] [--pid P] [--room R]
//            closed loop: each writer keeps at most W updates in flight (in flight = not yet received by
//            one observer client); with --rate R the writers instead send R updates/s in total (open loop).
//   latejoin --bytes B --runs R [--room R]
//   memory   --docs M --doc-bytes B --measure 'shell command printing bytes' [--room R]
// Prints one JSON line with the results.
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const [kind, wsBase, mode, ...rest] = process.argv.slice(2);
const opt = {};
for (let i = 0; i < rest.length; i += 2) opt[rest[i].replace(/^--/, '')] = rest[i + 1];
const num = (k, d) => (opt[k] === undefined ? d : Number(opt[k]));
const TOKEN = process.env.TOKEN || '';
const sleep = ms => new Promise(r => setTimeout(r, ms));
const now = () => performance.now();
const MARK = Buffer.from('~T');

function frame(room, write) {
  const enc = encoding.createEncoder();
  if (kind === 'hp') encoding.writeVarString(enc, room);
  write(enc);
  return encoding.toUint8Array(enc);
}

// One WebSocket client of one room. doc = null for pure listeners.
class Client {
  constructor(room, { doc = null, onMarks = null } = {}) {
    this.room = room; this.doc = doc; this.onMarks = onMarks; this.synced = false; this.closed = false;
    this.syncBytes = 0;
  }
  connect() {
    const url = kind === 'sb' ? `${wsBase}/${encodeURIComponent(this.room)}?token=${TOKEN}` : `${wsBase}/${encodeURIComponent(this.room)}`;
    this.ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    this.ws.binaryType = 'nodebuffer';
    return new Promise((resolve, reject) => {
      this.resolveSync = resolve;
      this.ws.on('open', () => {
        if (kind === 'hp') {
          this.send(frame(this.room, e => { encoding.writeVarUint(e, 2); encoding.writeVarUint(e, 0); encoding.writeVarString(e, TOKEN || 'x'); }));
        }
        this.send(frame(this.room, e => {
          encoding.writeVarUint(e, 0);
          if (this.doc) syncProtocol.writeSyncStep1(e, this.doc);
          else { encoding.writeVarUint(e, 0); encoding.writeVarUint8Array(e, new Uint8Array([0])); }
        }));
      });
      this.ws.on('message', data => this.onMessage(data));
      this.ws.on('error', err => { if (!this.synced) reject(err); else console.error(`ws error ${this.room}: ${err.message}`); });
      this.ws.on('close', (code, reason) => {
        if (!this.closed) console.error(`closed by server: ${this.room} ${code} ${reason}`);
        if (!this.synced) reject(new Error(`closed before sync ${code} ${reason}`));
      });
    });
  }
  send(u) { this.ws.send(u); }
  sendUpdate(update) {
    this.send(frame(this.room, e => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 2); encoding.writeVarUint8Array(e, update); }));
  }
  onMessage(buf) {
    const dec = decoding.createDecoder(buf);
    if (kind === 'hp') decoding.readVarString(dec);
    const type = decoding.readVarUint(dec);
    if (type === 0 || (kind === 'hp' && type === 4)) {
      const sub = decoding.readVarUint(dec);
      if (sub === 0) { // step 1 from the server: answer with what we have
        const sv = decoding.readVarUint8Array(dec);
        const diff = this.doc ? Y.encodeStateAsUpdate(this.doc, sv) : new Uint8Array([0, 0]);
        this.send(frame(this.room, e => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 1); encoding.writeVarUint8Array(e, diff); }));
      } else if (sub === 1) { // step 2: the server's diff
        this.step2At = now();
        const u = decoding.readVarUint8Array(dec);
        this.syncBytes = u.length;
        if (this.doc) Y.applyUpdate(this.doc, u, 'server');
        if (!this.synced) { this.synced = true; this.resolveSync(this); }
      } else if (sub === 2 && this.onMarks) {
        this.onMarks(buf);
      }
    }
  }
  close() { this.closed = true; try { this.ws.close(); } catch {} }
}

// every "~T<writer>:<seq>:<ms>~" in a received frame
function* marks(buf) {
  let i = buf.indexOf(MARK);
  while (i >= 0) {
    const end = buf.indexOf(0x7e, i + 2);
    if (end < 0) return;
    const [w, seq, t] = buf.toString('latin1', i + 2, end).split(':');
    yield [Number(w), Number(seq), Number(t)];
    i = buf.indexOf(MARK, end + 1);
  }
}

async function connectAll(clients, batch = 50) {
  for (let i = 0; i < clients.length; i += batch) await Promise.all(clients.slice(i, i + batch).map(c => c.connect()));
}

function pct(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : null; }
function procCpu(pid) {
  if (!pid) return null;
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime in seconds (USER_HZ 100)
}

async function fanout() {
  const N = num('clients', 2), K = Math.min(num('writers', 2), N), D = num('seconds', 10), warm = num('warmup', 2);
  const W = num('window', 4), rate = num('rate', 0), pid = num('pid', 0);
  const room = opt.room || `fan-${N}-${Date.now()}`;
  let measuring = false;
  const lat = [];
  let receipts = 0, receiptsTotal = 0;
  const writers = [];
  const obs = w => (w === N - 1 ? 0 : N - 1);
  const clients = [];
  for (let c = 0; c < N; c++) {
    const isWriter = c < K;
    const cl = new Client(room, {
      doc: isWriter ? new Y.Doc() : null,
      onMarks: buf => {
        const t = now();
        for (const [w, seq, ts] of marks(buf)) {
          if (w === c) continue; // Hocuspocus echoes the sender's own update back
          receiptsTotal++;
          if (measuring) { receipts++; lat.push(t - ts); }
          if (c === obs(w)) writers[w].ack();
        }
      },
    });
    clients.push(cl);
  }
  await connectAll(clients);
  let running = true;
  for (let w = 0; w < K; w++) {
    const doc = clients[w].doc, text = doc.getText('t');
    const wr = { seq: 0, inflight: 0, sent: 0, sentMeasured: 0 };
    doc.on('update', (u, origin) => { if (origin !== 'server') clients[w].sendUpdate(u); });
    wr.one = () => {
      wr.seq++; wr.inflight++; wr.sent++; if (measuring) wr.sentMeasured++;
      text.insert(text.length, `~T${w}:${wr.seq}:${now().toFixed(3)}~ `);
    };
    wr.ack = () => { wr.inflight--; if (!rate) wr.pump(); };
    wr.pump = () => { while (running && wr.inflight < W) wr.one(); };
    writers.push(wr);
  }
  const cpu0 = process.cpuUsage();
  let tick;
  if (rate) {
    const per = rate / 100 / K; let acc = 0;
    tick = setInterval(() => { acc += per; const n = Math.floor(acc); acc -= n; if (!running) return; for (const wr of writers) for (let i = 0; i < n; i++) wr.one(); }, 10);
  } else writers.forEach(wr => wr.pump());
  await sleep(warm * 1000);
  measuring = true;
  const t0 = now(), s0 = procCpu(pid), c0 = process.cpuUsage(cpu0);
  await sleep(D * 1000);
  measuring = false;
  const t1 = now(), s1 = procCpu(pid), c1 = process.cpuUsage(cpu0);
  running = false; if (tick) clearInterval(tick);
  const secs = (t1 - t0) / 1000;
  // drain: every listener must get every update of every other writer
  const sentTotal = writers.reduce((a, w) => a + w.sent, 0);
  const expected = writers.reduce((a, w, i) => a + w.sent * (N - 1), 0);
  const dr0 = now();
  while (receiptsTotal < expected && now() - dr0 < 15000) await sleep(20);
  const drainMs = now() - dr0;
  lat.sort((a, b) => a - b);
  const sentMeasured = writers.reduce((a, w) => a + w.sentMeasured, 0);
  const r = {
    server: kind, mode: 'fanout', clients: N, writers: K, window: rate ? null : W, rate: rate || null, seconds: +secs.toFixed(2),
    updates_per_s: Math.round(sentMeasured / secs), receipts_per_s: Math.round(receipts / secs),
    lat_ms: { p50: +pct(lat, 0.5)?.toFixed(2), p95: +pct(lat, 0.95)?.toFixed(2), p99: +pct(lat, 0.99)?.toFixed(2), max: +lat.at(-1)?.toFixed(2) },
    sent_total: sentTotal, receipts_expected: expected, receipts_got: receiptsTotal, lost: expected - receiptsTotal,
    drain_ms: Math.round(drainMs),
    server_cpu_s: s0 === null ? null : +(s1 - s0).toFixed(2),
    driver_cpu_s: +(((c1.user + c1.system) - (c0.user + c0.system)) / 1e6).toFixed(2),
  };
  if (r.server_cpu_s !== null && sentMeasured) r.server_cpu_us_per_receipt = +((r.server_cpu_s * 1e6) / Math.max(1, receipts)).toFixed(2);
  clients.forEach(c => c.close());
  return r;
}

// deterministic ~B byte document: many small inserts at pseudo-random positions, a few deletes
function buildDoc(bytes, seed = 42) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  const doc = new Y.Doc();
  const t = doc.getText('t');
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore'.split(' ');
  let n = 0;
  while (true) {
    for (let i = 0; i < 500; i++, n++) {
      let chunk = '';
      while (chunk.length < 60) chunk += words[Math.floor(rnd() * words.length)] + ' ';
      t.insert(Math.floor(rnd() * (t.length + 1)), chunk);
      if (n % 10 === 9 && t.length > 100) t.delete(Math.floor(rnd() * (t.length - 20)), 5);
    }
    if (Y.encodeStateAsUpdate(doc).length >= bytes) return doc;
  }
}

async function latejoin() {
  const B = num('bytes', 1 << 20), R = num('runs', 7);
  const room = opt.room || `late-${Date.now()}`;
  const src = buildDoc(B);
  const full = Y.encodeStateAsUpdate(src);
  const textLen = src.getText('t').length;
  // a holder keeps the document loaded; a seeder pushes the state; the holder's receipt = stored
  let got = null; const gotP = new Promise(r => (got = r));
  const holder = new Client(room, { onMarks: () => {} });
  holder.onMessage = (orig => buf => { orig.call(holder, buf); if (buf.length > B / 2) got(); })(holder.onMessage);
  await holder.connect();
  const seeder = new Client(room, { doc: new Y.Doc() });
  await seeder.connect();
  const tPush = now();
  seeder.sendUpdate(full);
  await Promise.race([gotP, sleep(30000)]);
  const pushMs = now() - tPush;
  seeder.close();
  await sleep(500);
  const times = [], step2 = [], wire = [];
  let ok = true;
  for (let i = 0; i < R; i++) {
    const doc = new Y.Doc();
    const c = new Client(room, { doc });
    const t0 = now();
    await c.connect();
    const t1 = now();
    if (doc.getText('t').length !== textLen) ok = false;
    times.push(t1 - t0); step2.push(c.syncBytes); wire.push(c.step2At - t0);
    c.close();
    await sleep(300);
  }
  holder.close();
  const sorted = [...times].sort((a, b) => a - b);
  const wsorted = [...wire].sort((a, b) => a - b);
  return { server: kind, mode: 'latejoin', state_bytes: full.length, text_chars: textLen, runs: R, push_ms: Math.round(pushMs),
    sync_ms_median: +pct(sorted, 0.5).toFixed(1), sync_ms_min: +sorted[0].toFixed(1), sync_ms_max: +sorted.at(-1).toFixed(1),
    sync_ms_all: times.map(t => +t.toFixed(1)),
    step2_ms_median: +pct(wsorted, 0.5).toFixed(1), step2_ms_all: wire.map(t => +t.toFixed(1)), step2_bytes: step2[0], content_ok: ok };
}

async function memory() {
  const M = num('docs', 200), B = num('doc-bytes', 4096);
  const room = opt.room || `mem-${Date.now()}`;
  const measure = () => Number(execSync(opt.measure, { encoding: 'utf8', shell: '/bin/bash' }).trim());
  const base = measure();
  const clients = [];
  for (let i = 0; i < M; i++) {
    const d = new Y.Doc();
    const c = new Client(`${room}-${i}`, { doc: d });
    clients.push(c);
  }
  await connectAll(clients, 20);
  let bytes = 0;
  for (let i = 0; i < M; i++) {
    const t = clients[i].doc.getText('t');
    let k = 0;
    while (Y.encodeStateAsUpdate(clients[i].doc).length < B) t.insert(Math.floor(t.length / 2), `doc ${i} line ${k++} some text here `);
    const u = Y.encodeStateAsUpdate(clients[i].doc);
    bytes += u.length;
    clients[i].sendUpdate(u);
  }
  await sleep(4000);
  const loaded = measure();
  clients.forEach(c => c.close());
  await sleep(4000);
  const after = measure();
  return { server: kind, mode: 'memory', docs: M, avg_doc_bytes: Math.round(bytes / M), heap_base: base, heap_loaded: loaded,
    heap_after_close: after, bytes_per_doc: Math.round((loaded - base) / M), bytes_per_doc_after_close: Math.round((after - base) / M) };
}

const res = await ({ fanout, latejoin, memory }[mode])();
console.log(JSON.stringify(res));
process.exit(0);
