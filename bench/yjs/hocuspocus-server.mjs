// Hocuspocus peer for the Yjs benchmark (issue 4). Benchmark only, loopback only.
// Persistence: @hocuspocus/extension-database with one file per document (full merged state written with
// fs.writeFile, no fsync), on Hocuspocus's default store debounce (2 s, at most 10 s). No auth hook.
// GET /mem runs global.gc() (needs --expose-gc) and answers process.memoryUsage() as JSON.
// usage: node --expose-gc hocuspocus-server.mjs <port> <dataDir>
import { Server } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';
import fs from 'node:fs';
import path from 'node:path';

const port = Number(process.argv[2] || 16412);
const dir = process.argv[3] || '/tmp/hocuspocus-bench';
fs.mkdirSync(dir, { recursive: true });
const file = name => path.join(dir, encodeURIComponent(name) + '.bin');

const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        try { return new Uint8Array(await fs.promises.readFile(file(documentName))); } catch { return null; }
      },
      store: async ({ documentName, state }) => { await fs.promises.writeFile(file(documentName), state); },
    }),
    {
      async onRequest({ request, response }) {
        if (request.url === '/mem') {
          if (global.gc) { global.gc(); global.gc(); }
          response.writeHead(200, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify({ ...process.memoryUsage(), documents: server.hocuspocus.getDocumentsCount(),
            connections: server.hocuspocus.getConnectionsCount() }));
          throw null; // handled: stop the default response
        }
      },
    },
  ],
});
await server.listen();
console.log(`hocuspocus listening on 127.0.0.1:${port}, data in ${dir}`);
