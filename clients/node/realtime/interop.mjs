// Drives /live and /ws with the real `ws` npm client (permessage-deflate offered, as by default)
// and prints every received message as one JSON line for the JUnit test to check.
// usage: node realtime/interop.mjs <http base> <token> <table>
import WebSocket from 'ws';

const [base, token, table] = process.argv.slice(2);
const wsBase = base.replace(/^http/, 'ws');
const out = (kind, value) => console.log(JSON.stringify({kind, value}));
const api = async (method, path, body) => {
  const r = await fetch(base + path, {method, headers: {'Content-Type': 'application/vnd.api+json', Authorization: 'Bearer ' + token},
    body: body ? JSON.stringify(body) : undefined});
  return r.status === 204 ? null : r.json();
};
const opened = ws => new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
const sleep = ms => new Promise(r => setTimeout(r, ms));

const live = new WebSocket(`${wsBase}/live?token=${token}`);
live.on('message', m => out('live', JSON.parse(m.toString())));
await opened(live);
out('live-extensions', live.extensions);
live.send(JSON.stringify({method: 'subscribe', attributes: {topicName: table, filters: {EventType: 'create|update|delete'}}, id: 'sub'}));

const ws = new WebSocket(`${wsBase}/ws?token=${token}`);
ws.on('message', m => out('ws', JSON.parse(m.toString())));
await opened(ws);
ws.send(JSON.stringify({action: 'subscribe', type: 'content.*', contentType: table}));
await sleep(300);

const created = await api('POST', `/api/${table}`, {data: {type: table, attributes: {title: 'from node'}}});
const id = created.data.id;
await api('PATCH', `/api/${table}/${id}`, {data: {type: table, id, attributes: {title: 'edited in node'}}});
await api('DELETE', `/api/${table}/${id}`);
out('created-id', id);
await sleep(800);
live.close(1000);
ws.close(1000);
await sleep(100);
process.exit(0);
