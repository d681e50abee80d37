// Drives the Switchboard web console in Debian's headless Chromium through playwright-core
// (no browser download). Usage: node console.mjs <baseUrl> <screenshotDir>
// Prints one JSON line per checked step ({"step": ..., ...}); exits non-zero on the first failure,
// on any page error, and on any console error that is not an expected 4xx listed below.
import { chromium } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

const [base, shots] = process.argv.slice(2)
if (!base || !shots) { console.error('usage: node console.mjs <baseUrl> <screenshotDir>'); process.exit(2) }
mkdirSync(shots, { recursive: true })
const STEP_TIMEOUT = 15000
const run = Math.random().toString(36).slice(2, 8)
const ann = { name: 'Ann Console', email: `ann-${run}@example.com`, password: 'secret-ann-123' }
const bob = { name: 'Bob Console', email: `bob-${run}@example.com`, password: 'secret-bob-123' }

const report = (step, extra = {}) => console.log(JSON.stringify({ step, ...extra }))
const problems = []

/** 4xx answers the console provokes on purpose; their "Failed to load resource" console lines are expected. */
const expected = [
  { path: '/action/user_account/signin', status: 400 }, // wrong password, shown as a form error
  { path: '/action/user_account/signin', status: 401 },
  { path: '/_config', status: 403 } // the administrator probe of a non-administrator
]
function watch (page, who) {
  const failed = []
  page.on('pageerror', e => problems.push(`${who}: page error: ${e.message}`))
  page.on('response', r => { if (r.status() >= 400) failed.push({ url: r.url(), status: r.status() }) })
  page.on('console', m => {
    if (m.type() !== 'error') return
    const url = m.location() && m.location().url
    if (/Failed to load resource/.test(m.text()) && url) {
      const p = new URL(url).pathname
      if (expected.some(e => e.path === p && failed.some(f => f.url === url && f.status === e.status))) return
    }
    problems.push(`${who}: console error: ${m.text()} (${url || 'no url'})`)
  })
}

// playwright-core gives every launch a fresh temporary --user-data-dir itself (and refuses the flag).
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync']
})

async function newPage (who, width = 1440) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } })
  const page = await ctx.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT)
  watch(page, who)
  return page
}

/** Every visible form control has a label, every button a name, no id is used twice. */
async function a11y (page, name) {
  const issues = await page.evaluate(() => {
    const out = []
    const shown = el => !el.closest('[hidden]')
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden' || !shown(el)) continue
      if (!((el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))) out.push(`unlabelled ${el.tagName.toLowerCase()}#${el.id}`)
    }
    for (const b of document.querySelectorAll('button')) {
      if (shown(b) && !(b.textContent.trim() || b.getAttribute('aria-label'))) out.push('a button without a name')
    }
    const ids = [...document.querySelectorAll('[id]')].map(e => e.id)
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) out.push(`id ${id} used twice`)
    return out
  })
  for (const i of issues) problems.push(`${name}: ${i}`)
}

async function shot (page, name) {
  await a11y(page, name)
  for (const width of [1440, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 812 : 900 })
    // no horizontal scrolling of the page itself at either width
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    if (overflow > 1) problems.push(`${name} at ${width}px scrolls sideways by ${overflow}px`)
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1440, height: 900 })
  report('screenshot', { panel: name })
}

async function tab (page, id) {
  await page.click(`#tab-${id}`)
  await page.waitForSelector(`#panel-${id}:not([hidden])`)
}

async function signUp (page, u) {
  await page.fill('#signup-name', u.name)
  await page.fill('#signup-email', u.email)
  await page.fill('#signup-password', u.password)
  await page.fill('#signup-confirm', u.password)
  await page.click('#signup-form button[type=submit]')
  await page.waitForSelector('#tab-live')
  await page.waitForFunction(() => document.body.dataset.live === 'open')
}

async function signIn (page, u) {
  await page.fill('#signin-email', u.email)
  await page.fill('#signin-password', u.password)
  await page.click('#signin-form button[type=submit]')
}

async function liveEvent (page, selector, text) {
  await page.waitForFunction(([sel, t]) => [...document.querySelectorAll(sel)].some(li => li.textContent.includes(t)), [selector, text])
}

let exit = 0
try {
  const a = await newPage('ann')
  // --- page served by the server, sign up, wrong password, sign in, administrator
  const resp = await a.goto(base + '/')
  if (resp.status() !== 200) throw new Error('GET / answered ' + resp.status())
  await a.waitForSelector('#signin-form')
  await shot(a, 'signin')
  await signUp(a, ann)
  report('signed-up', { name: await a.textContent('#who-name') })
  await a.click('#sign-out')
  // keyboard only: the email field has the focus after signing out
  await a.waitForFunction(() => document.activeElement && document.activeElement.id === 'signin-email')
  await a.keyboard.type(ann.email)
  await a.keyboard.press('Tab')
  await a.keyboard.type('not-the-password')
  await a.keyboard.press('Enter')
  await a.waitForFunction(() => document.getElementById('auth-msg').textContent.includes('Sign-in failed'))
  report('wrong-password-refused', { message: await a.textContent('#auth-msg') })
  await signIn(a, ann)
  await a.waitForSelector('#tab-live')
  await a.waitForFunction(() => document.body.dataset.live === 'open')
  report('signed-in', { name: await a.textContent('#who-name'), storedToken: await a.evaluate(() => !!sessionStorage.getItem('switchboard.token')) })
  await a.click('#become-admin')
  await a.waitForSelector('#who-admin')
  await a.waitForSelector('#tab-config')
  report('administrator', { badge: await a.textContent('#who-admin') })

  // --- keyboard: arrow keys move between tabs
  await a.focus('#tab-live')
  await a.keyboard.press('ArrowRight')
  await a.waitForSelector('#tab-entities[aria-selected=true]')
  const focused = await a.evaluate(() => document.activeElement.id)
  const outline = await a.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)
  report('keyboard-tabs', { focused, outline })

  // --- entities: new table, new row
  await a.waitForSelector('#panel-entities:not([hidden])')
  await a.fill('#new-table-name', 'note_' + run)
  await a.fill('#new-table-columns', 'title:label, done:truefalse')
  await a.click('#new-table-form button[type=submit]')
  await a.waitForFunction(t => document.getElementById('entity-table').value === t, 'note_' + run)
  await a.waitForSelector('#entity-col-title')
  report('table-created', { table: 'note_' + run })

  // subscribe to the table topic on the live panel first
  await tab(a, 'live')
  await a.fill('#live-topic', 'note_' + run)
  await a.click('#live-subscribe-form button[type=submit]')
  await a.waitForFunction(t => document.getElementById('live-subscriptions').textContent.includes(t), 'note_' + run)
  await tab(a, 'entities')
  await a.fill('#entity-col-title', 'hello from chromium')
  await a.click('#entity-form button[type=submit]')
  await a.waitForFunction(() => document.getElementById('entity-rows').textContent.includes('hello from chromium'))
  const rowId = await a.getAttribute('#entity-rows tbody tr', 'data-id')
  report('row-created', { id: rowId })
  await a.click(`#entity-rows tr[data-id="${rowId}"] button:has-text("Edit")`)
  await a.fill('#entity-col-title', 'edited in chromium')
  await a.click('#entity-form button[type=submit]')
  await a.waitForFunction(() => document.getElementById('entity-rows').textContent.includes('edited in chromium'))
  await shot(a, 'entities')
  await a.click(`#entity-rows tr[data-id="${rowId}"] button:has-text("Delete")`)
  await a.waitForFunction(id => !document.querySelector(`#entity-rows tr[data-id="${id}"]`), rowId)

  await tab(a, 'live')
  await liveEvent(a, '#live-events li[data-type=create]', 'hello from chromium')
  await liveEvent(a, '#live-events li[data-type=update]', 'edited in chromium')
  await liveEvent(a, `#live-events li[data-type=delete][data-topic=note_${run}]`, rowId)
  report('row-events-live', { types: await a.$$eval('#live-events li', ls => ls.map(l => l.dataset.type).reverse()) })

  // --- custom topic (paused while publishing: held back, then shown on resume): create, subscribe, publish, receive
  const topic = 'chat_' + run
  await a.fill('#live-topic', topic)
  await a.click('#live-create-topic')
  await a.click('#live-subscribe-form button[type=submit]')
  await a.waitForFunction(t => document.getElementById('live-subscriptions').textContent.includes(t), topic)
  await a.click('#live-pause')
  await a.fill('#publish-topic', topic)
  await a.fill('#publish-message', JSON.stringify({ text: 'hi from chromium', n: 1 }))
  await a.click('#live-publish-form button[type=submit]')
  await a.waitForFunction(() => /1 new while paused/.test(document.getElementById('live-held').textContent))
  const shownWhilePaused = await a.$$eval('#live-events li[data-type=new-message]', ls => ls.length)
  await a.click('#live-pause')
  await liveEvent(a, `#live-events li[data-type=new-message][data-topic=${topic}]`, 'hi from chromium')
  report('custom-topic', { topic, shownWhilePaused })
  await a.fill('#live-search', 'hi from')
  const filtered = await a.$$eval('#live-events li', ls => ls.map(l => l.dataset.type))
  await a.fill('#live-search', '')
  report('live-filter', { shown: filtered })
  // counters from /statistics: the live socket shows up under its protocol
  await a.waitForFunction(() => {
    const c = document.querySelector('#stat-connections [data-protocol=live] dd')
    return c && Number(c.textContent) >= 1
  })
  report('statistics', { live: await a.textContent('#stat-connections [data-protocol=live] dd') })
  await shot(a, 'live')

  // --- collaborative document: Ann and Bob (another browser context) edit together
  const b = await newPage('bob')
  await b.goto(base + '/')
  await signUp(b, bob)
  report('second-user', { admin: await b.$('#tab-config') !== null })
  const doc = 'notes-' + run
  for (const p of [a, b]) {
    await tab(p, 'doc')
    await p.fill('#doc-name', doc)
    await p.click('#doc-open-form button[type=submit]')
    await p.waitForFunction(() => document.getElementById('doc-state').textContent === 'synced')
  }
  await a.click('#doc-text')
  await a.keyboard.type('Hello from Ann. ')
  await b.waitForFunction(() => document.getElementById('doc-text').value.includes('Hello from Ann.'))
  await b.click('#doc-text')
  await b.keyboard.press('Control+End')
  await b.keyboard.type('Bob was here.')
  await a.waitForFunction(() => document.getElementById('doc-text').value.includes('Bob was here.'))
  // concurrent edits at both ends converge
  await a.keyboard.press('Control+Home')
  await b.keyboard.press('Control+End')
  await Promise.all([a.keyboard.type('[A]'), b.keyboard.type('[B]')])
  await a.waitForFunction(() => { const v = document.getElementById('doc-text').value; return v.includes('[A]') && v.includes('[B]') })
  await b.waitForFunction(() => { const v = document.getElementById('doc-text').value; return v.includes('[A]') && v.includes('[B]') })
  const textA = await a.inputValue('#doc-text')
  const textB = await b.inputValue('#doc-text')
  // awareness: each sees the other in the list and the other's caret over the text
  await a.waitForSelector(`#doc-peers li[data-name="${bob.name}"]`)
  await b.waitForSelector(`#doc-peers li[data-name="${ann.name}"]`)
  await a.waitForSelector(`#doc-overlay .caret[data-peer="${bob.name}"]`)
  await b.waitForSelector(`#doc-overlay .caret[data-peer="${ann.name}"]`)
  // Bob typed last at the end: his caret, as Ann sees it, settles there
  await a.waitForFunction(n => {
    const c = document.querySelector(`#doc-overlay .caret[data-peer="${n}"]`)
    return c && Number(c.dataset.index) === document.getElementById('doc-text').value.length
  }, bob.name)
  const bobCaretAtA = Number(await a.getAttribute(`#doc-overlay .caret[data-peer="${bob.name}"]`, 'data-index'))
  report('document', { textA, textB, bobCaretAtA, bobCaretVisible: await a.isVisible(`#doc-overlay .caret[data-peer="${bob.name}"] .caret-label`) })
  await shot(a, 'document')
  await b.close()
  await a.waitForFunction(n => !document.querySelector(`#doc-peers li[data-name="${n}"]`), bob.name)
  report('peer-left', {})

  // --- config toggle (administrator)
  await tab(a, 'config')
  await a.waitForSelector('#cfg-yjs-enabled')
  const before = await a.isChecked('#cfg-yjs-enabled')
  await a.click('#cfg-yjs-enabled')
  await a.waitForFunction(() => document.getElementById('cfg-yjs-enabled-result').textContent.includes('applies now'))
  const after = await a.isChecked('#cfg-yjs-enabled')
  const result = await a.textContent('#cfg-yjs-enabled-result')
  const server = await a.evaluate(async () => {
    const r = await fetch('/_config/backend/yjs.enabled', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('switchboard.token') } })
    return r.json()
  })
  report('config-toggle', { key: 'yjs.enabled', before, after, result, server })
  await shot(a, 'config')

  // --- read-only lists (mail, calendars, sites, feeds)
  for (const id of ['mail', 'calendars', 'sites', 'feeds']) {
    await tab(a, id)
    await a.waitForFunction(i => document.getElementById('list-' + i).textContent.trim().length > 0, id)
    report('list', { panel: id, text: (await a.textContent('#list-' + id)).trim().slice(0, 200), table: await a.$('#list-' + id + ' table') !== null })
    await shot(a, id)
  }
  await a.close()
} catch (e) {
  problems.push(`step failed: ${e.message.split('\n')[0]} at ${(e.stack.match(/console\.mjs:\d+/) || [''])[0]}`)
  for (const [i, p] of browser.contexts().flatMap(c => c.pages()).entries()) {
    await p.screenshot({ path: join(shots, `failure-${i}.png`), fullPage: true }).catch(() => {})
  }
} finally {
  await browser.close()
}
for (const p of problems) { console.error(p); exit = 1 }
report('done', { problems })
process.exit(exit)
