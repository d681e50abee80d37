// Yjs rooms across cluster nodes: two y-websocket providers on the same room, one connected to each
// node, edit concurrently; both must end with the same document. Prints one JSON line per check.
// usage: node yjs-e2e/two-nodes.mjs <ws base of node A> <ws base of node B> <token> <room>
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

const [wsA, wsB, token, room] = process.argv.slice(2);
const out = (check, value) => console.log(JSON.stringify({check, value}));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const waitFor = async (pred, ms = 20000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (pred()) return true; await sleep(20); }
  return false;
};
const connect = base => {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${base}/yjs`, room, doc, {WebSocketPolyfill: WebSocket, params: {token}, disableBc: true});
  return {doc, provider};
};
const synced = p => new Promise(r => { if (p.synced) r(); else p.once('sync', s => s && r()); });

const a = connect(wsA);
const b = connect(wsB);
await Promise.all([synced(a.provider), synced(b.provider)]);
// one edit first, so each side has seen the other's before the concurrent burst
a.doc.getText('t').insert(0, '[');
out('first-edit-crossed', await waitFor(() => b.doc.getText('t').toString() === '['));
for (let i = 0; i < 40; i++) {
  a.doc.getText('t').insert(1, 'a');
  b.doc.getText('t').insert(b.doc.getText('t').length, 'b');
  a.doc.getMap('m').set('a' + (i % 4), i);
  b.doc.getMap('m').set('b' + (i % 4), i);
  if (i % 10 === 0) await sleep(5);
}
// map keys are compared sorted: toJSON's key order follows each side's integration order
const sorted = m => JSON.stringify(Object.entries(m.toJSON()).sort(([x], [y]) => (x < y ? -1 : 1)));
const same = () => a.doc.getText('t').toString() === b.doc.getText('t').toString()
  && sorted(a.doc.getMap('m')) === sorted(b.doc.getMap('m'));
const converged = await waitFor(() => same() && a.doc.getText('t').length === 81);
out('converged', converged);
out('text', b.doc.getText('t').toString());
if (!converged) out('text-on-a', a.doc.getText('t').toString());
out('map', b.doc.getMap('m').toJSON());
// a third client joining node B late gets everything from B's copy of the room
const c = connect(wsB);
await synced(c.provider);
out('late-joiner-on-b', await waitFor(() => c.doc.getText('t').toString() === a.doc.getText('t').toString()));
a.provider.destroy(); b.provider.destroy(); c.provider.destroy();
await sleep(100);
process.exit(0);
