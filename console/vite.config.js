// Builds the console into the jar's resources: target/classes/console/ (index.html + hashed assets/).
// Run by Maven (exec-maven-plugin, generate-resources) with the machine's own npm.
import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../target/classes/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One small page: keep the module preload polyfill out (it would need an inline script).
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0
  },
  server: {
    // `npx vite` during development: the API, WebSockets and Yjs go to a local server on 6336.
    proxy: {
      '^/(api|action|_config|statistics|jsmodel|health)': 'http://127.0.0.1:6336',
      '^/(live|ws|yjs)': { target: 'ws://127.0.0.1:6336', ws: true }
    }
  }
})
