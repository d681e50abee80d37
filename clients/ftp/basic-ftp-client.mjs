// Drives npm basic-ftp against Switchboard FTP for BasicFtpInteropTest.
// usage: node basic-ftp-client.mjs MODE HOST PORT USER PASSWORD WORKDIR   (MODE: plain | explicit | implicit)
import { Client } from "basic-ftp";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";

const [mode, host, port, user, password, workdir] = process.argv.slice(2);

function check(cond, what) {
  if (!cond) throw new Error("check failed: " + what);
}

const client = new Client(30000);
const secure = mode === "plain" ? false : mode === "implicit" ? "implicit" : true;
await client.access({ host, port: Number(port), user, password, secure, secureOptions: { rejectUnauthorized: false } });
check(mode === "plain" || client.ftp.socket.encrypted, "control connection encrypted");

const dir = "/alpha/basic-ftp-" + mode;
await client.ensureDir(dir);
check((await client.pwd()) === dir, "pwd after ensureDir");
const payload = randomBytes(900_000);
writeFileSync(join(workdir, "up.bin"), payload);
await client.uploadFrom(join(workdir, "up.bin"), "up.bin");
check((await client.size("up.bin")) === payload.length, "size");
await client.downloadTo(join(workdir, "down.bin"), "up.bin");
check(Buffer.compare(readFileSync(join(workdir, "down.bin")), payload) === 0, "round trip");

// resume: download from an offset
const chunks = [];
await client.downloadTo(new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } }), "up.bin", 500_000);
check(Buffer.compare(Buffer.concat(chunks), payload.subarray(500_000)) === 0, "download from offset");

await client.appendFrom(Readable.from([Buffer.from("tail")]), "up.bin");
check((await client.size("up.bin")) === payload.length + 4, "append");

const list = await client.list();
const entry = list.find(e => e.name === "up.bin");
check(entry && entry.isFile && entry.size === payload.length + 4, "list entry " + JSON.stringify(list));
await client.rename("up.bin", "renamed.bin");
check((await client.list()).some(e => e.name === "renamed.bin"), "rename");
let refused = false;
try { await client.rename("renamed.bin", "/docs/renamed.bin"); } catch (e) { refused = String(e.code) === "553"; }
check(refused, "rename into another site refused with 553");
let outside = false;
try { await client.cd("/beta"); } catch (e) { outside = String(e.code) === "550"; }
check(outside, "cd into a site without permission refused");
await client.remove(dir + "/renamed.bin");
await client.cd("/alpha");
await client.removeDir(dir);
check(!(await client.list()).some(e => e.name === "basic-ftp-" + mode), "removeDir");
client.close();
console.log("OK " + mode);
