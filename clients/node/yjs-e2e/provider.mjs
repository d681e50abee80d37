// End-to-end y-websocket scenarios against the server, with the real `yjs` and `y-websocket`
// packages (BroadcastChannel disabled, so providers in this one process only meet through the server).
// Prints one JSON line per check for the JUnit test.
// usage: node yjs-e2e/provider.mjs <scenario> <ws base> <token> [room|rowPath] [token2]
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';

const [scenario, wsBase, token, room, token2] = process.argv.slice(2);
const out = (check, value) => console.log(JSON.stringify({check, value}));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const waitFor = async (pred, ms = 10000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (pred()) return true; await sleep(20); }
  return false;
};
const connect = (url, name, tok, opts = {}) => {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, name, doc, {WebSocketPolyfill: WebSocket, params: {token: tok}, disableBc: true, ...opts});
  return {doc, provider};
};
const synced = p => new Promise(r => { if (p.synced) r(); else p.once('sync', s => s && r()); });

if (scenario === 'converge') {
  const a = connect(`${wsBase}/yjs`, room, token);
  const b = connect(`${wsBase}/yjs`, room, token);
  await Promise.all([synced(a.provider), synced(b.provider)]);
  for (let i = 0; i < 50; i++) {
    a.doc.getText('t').insert(0, 'a');
    b.doc.getText('t').insert(b.doc.getText('t').length, 'b');
    a.doc.getMap('m').set('k' + (i % 5), i);
  }
  const ok = await waitFor(() => a.doc.getText('t').toString() === b.doc.getText('t').toString()
    && a.doc.getText('t').length === 100);
  out('converged', ok);
  out('text-length', b.doc.getText('t').length);
  // awareness reaches the other client, and is cleared when the first one leaves
  a.provider.awareness.setLocalStateField('user', {name: 'Ann', color: '#ff0000'});
  const seen = await waitFor(() => [...b.provider.awareness.getStates().values()].some(s => s.user && s.user.name === 'Ann'));
  out('awareness-seen', seen);
  const aId = a.doc.clientID;
  a.provider.destroy();
  const cleared = await waitFor(() => !b.provider.awareness.getStates().has(aId));
  out('awareness-cleared', cleared);
  // a late joiner gets the full state
  const c = connect(`${wsBase}/yjs`, room, token);
  await synced(c.provider);
  await waitFor(() => c.doc.getText('t').length === 100);
  out('late-joiner-text', c.doc.getText('t').toString() === b.doc.getText('t').toString());
  out('late-joiner-map', c.doc.getMap('m').get('k4'));
  // offline edits sync on reconnect
  c.provider.disconnect();
  c.doc.getText('t').insert(0, 'OFFLINE');
  await sleep(100);
  c.provider.connect();
  const back = await waitFor(() => b.doc.getText('t').toString().startsWith('OFFLINE'));
  out('offline-synced', back);
  out('final-text', b.doc.getText('t').toString());
  b.provider.destroy(); c.provider.destroy();
} else if (scenario === 'read') {
  // joins and prints the text of the room (used after a restart)
  const a = connect(`${wsBase}/yjs`, room, token);
  await synced(a.provider);
  await sleep(200);
  out('text', a.doc.getText('t').toString());
  a.provider.destroy();
} else if (scenario === 'readrow') {
  // joins a row's document (room is /live/{table}/{id}/{column}) and prints its text
  const a = connect(`${wsBase}${room}`, 'yjs', token);
  await synced(a.provider);
  await sleep(200);
  out('text', a.doc.getText('t').toString());
  a.provider.destroy();
} else if (scenario === 'make-update') {
  // prints a Yjs update (base64) of a document whose text 't' is the given text
  const d = new Y.Doc();
  d.getText('t').insert(0, room);
  out('update', Buffer.from(Y.encodeStateAsUpdate(d)).toString('base64'));
} else if (scenario === 'decode') {
  // prints the text 't' of the document that the given base64 update makes
  const d = new Y.Doc();
  Y.applyUpdate(d, Buffer.from(room, 'base64'));
  out('text', d.getText('t').toString());
} else if (scenario === 'readonly') {
  // room is a row path /live/{table}/{id}/{column}; token may write, token2 may only read
  const w = connect(`${wsBase}${room}`, 'yjs', token);
  const r = connect(`${wsBase}${room}`, 'yjs', token2);
  await Promise.all([synced(w.provider), synced(r.provider)]);
  w.doc.getText('t').insert(0, 'owner text');
  out('reader-sees-writer', await waitFor(() => r.doc.getText('t').toString() === 'owner text'));
  r.doc.getText('t').insert(0, 'intruder ');
  await sleep(700);
  out('writer-text-after-reader-edit', w.doc.getText('t').toString());
  const fresh = connect(`${wsBase}${room}`, 'yjs', token);
  await synced(fresh.provider);
  await sleep(300);
  out('stored-text', fresh.doc.getText('t').toString());
  w.provider.destroy(); r.provider.destroy(); fresh.provider.destroy();
} else if (scenario === 'seedurl') {
  // the seed's own example: the token inside the server URL, room appended after it
  const a = connect(`${wsBase}${room}?token=${token}`, 'document-room', null, {params: {}});
  await synced(a.provider);
  a.doc.getText('t').insert(0, 'seed style');
  await sleep(500);
  out('seed-url-synced', a.provider.synced);
  a.provider.destroy();
}
await sleep(100);
process.exit(0);
