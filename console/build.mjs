// Maven runs this in generate-resources (exec-maven-plugin, the machine's own node/npm; no Node
// download): installs the locked packages when node_modules is missing or older than the lock,
// then builds the console into target/classes/console/ unless that output is already newer than
// every source. `mvn -Dexec.skip=true` skips it (the server then answers / with "not built").
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

const here = new URL('.', import.meta.url).pathname
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const mtime = p => existsSync(p) ? statSync(p).mtimeMs : 0
const newest = p => statSync(p).isDirectory() ? Math.max(0, ...readdirSync(p).map(n => newest(join(p, n)))) : mtime(p)

const lock = join(here, 'package-lock.json')
const installed = join(here, 'node_modules', '.package-lock.json')
if (mtime(installed) < mtime(lock)) {
  // `npm install` against the committed lock rather than `npm ci`: npm ci insists that every
  // platform variant of rollup's optional native packages is in the lock, and a registry mirror
  // that only carries some of them (as here) can never produce such a lock. With the lock in sync
  // npm install installs exactly the locked versions and leaves the lock unchanged.
  console.log('[console] npm install (locked versions)')
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: 'inherit' })
}

const outDir = join(here, '..', 'target', 'classes', 'console')
const output = join(outDir, 'index.html')
const sources = Math.max(...['src', 'index.html', 'vite.config.js', 'package-lock.json', 'build.mjs'].map(p => newest(join(here, p))))
if (mtime(output) > sources && existsSync(join(outDir, '.files'))) {
  console.log('[console] up to date')
} else {
  console.log('[console] vite build')
  execFileSync(npm, ['run', 'build', '--silent', '--', '--logLevel', 'warn'], { cwd: here, stdio: 'inherit' })
  // The list of built files: the server loads exactly these at start and never looks anything up
  // per request (no disk on the event loop, no cache that grows with made-up names).
  const files = []
  const walk = d => { for (const n of readdirSync(d)) { const p = join(d, n); statSync(p).isDirectory() ? walk(p) : files.push(relative(outDir, p).split(sep).join('/')) } }
  walk(outDir)
  writeFileSync(join(outDir, '.files'), files.filter(f => f !== '.files').sort().join('\n') + '\n')
}
