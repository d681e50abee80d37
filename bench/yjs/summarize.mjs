// Medians per scenario and target from the raw JSON lines of run-yjs.sh, and the ratios to Hocuspocus.
// usage: node summarize.mjs raw.jsonl
import fs from 'node:fs';
const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
const med = a => { const s = a.filter(x => x !== null && x !== undefined && !Number.isNaN(x)).sort((x, y) => x - y); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
const pick = (f, t, key) => med(rows.filter(f).filter(r => r.target === t).map(key));
const fmt = x => (x === null ? '–' : Number.isInteger(x) ? String(x) : x.toFixed(2));
const ratio = (a, b) => (a === null || b === null || !b ? '–' : (a / b).toFixed(2));
const T = ['sb', 'sbn', 'hp'];
const name = { sb: 'Switchboard (fsync batch)', sbn: 'Switchboard (fsync never)', hp: 'Hocuspocus' };

console.log('\n## Update throughput and latency in one room (medians of rounds)\n');
console.log('| clients | writers | target | updates/s | receipts/s | p50 ms | p95 ms | p99 ms | lost | server CPU s | driver CPU s | runs |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
const sizes = [...new Set(rows.filter(r => r.mode === 'fanout').map(r => r.clients))].sort((a, b) => a - b);
for (const n of sizes) {
  const f = r => r.mode === 'fanout' && r.clients === n;
  for (const t of T) {
    const rs = rows.filter(f).filter(r => r.target === t);
    if (!rs.length) continue;
    console.log(`| ${n} | ${rs[0].writers} | ${name[t]} | ${fmt(pick(f, t, r => r.updates_per_s))} | ${fmt(pick(f, t, r => r.receipts_per_s))} | ${fmt(pick(f, t, r => r.lat_ms.p50))} | ${fmt(pick(f, t, r => r.lat_ms.p95))} | ${fmt(pick(f, t, r => r.lat_ms.p99))} | ${rs.reduce((a, r) => a + r.lost, 0)} | ${fmt(pick(f, t, r => r.server_cpu_s))} | ${fmt(pick(f, t, r => r.driver_cpu_s))} | ${rs.length} |`);
  }
}
console.log('\n| clients | updates/s ratio SB(batch)/HP | SB(never)/HP | p50 latency ratio SB(batch)/HP |');
console.log('|---|---|---|---|');
for (const n of sizes) {
  const f = r => r.mode === 'fanout' && r.clients === n;
  const u = t => pick(f, t, r => r.updates_per_s), l = t => pick(f, t, r => r.lat_ms.p50);
  console.log(`| ${n} | ${ratio(u('sb'), u('hp'))} | ${ratio(u('sbn'), u('hp'))} | ${ratio(l('sb'), l('hp'))} |`);
}
console.log('\n## Late joiner, 1 MB merged state (median over all fresh clients of all rounds)\n');
console.log('| target | state bytes | connect→step 2 received ms | connect→applied (synced) ms | min | max | samples | content ok |');
console.log('|---|---|---|---|---|---|---|---|');
const lj = t => rows.filter(r => r.mode === 'latejoin' && r.target === t);
const lm = {};
for (const t of T) {
  const rs = lj(t); if (!rs.length) continue;
  const all = rs.flatMap(r => r.sync_ms_all), w = rs.flatMap(r => r.step2_ms_all);
  lm[t] = [med(w), med(all)];
  console.log(`| ${name[t]} | ${rs[0].state_bytes} | ${fmt(med(w))} | ${fmt(med(all))} | ${fmt(Math.min(...all))} | ${fmt(Math.max(...all))} | ${all.length} | ${rs.every(r => r.content_ok)} |`);
}
if (lm.sb && lm.hp) console.log(`\nratio SB(batch)/HP: step 2 received ${ratio(lm.sb[0], lm.hp[0])}, synced ${ratio(lm.sb[1], lm.hp[1])} (lower is better)`);
console.log('\n## Memory per loaded document (400 documents of ~4 KB, one client each; heap after GC)\n');
console.log('| target | bytes/doc loaded (median) | bytes/doc after clients left | runs |');
console.log('|---|---|---|---|');
const mm = {};
for (const t of T) {
  const rs = rows.filter(r => r.mode === 'memory' && r.target === t); if (!rs.length) continue;
  mm[t] = med(rs.map(r => r.bytes_per_doc));
  console.log(`| ${name[t]} | ${mm[t]} | ${med(rs.map(r => r.bytes_per_doc_after_close))} | ${rs.length} |`);
}
if (mm.sb && mm.hp) console.log(`\nratio SB/HP bytes per loaded document: ${ratio(mm.sb, mm.hp)}`);
