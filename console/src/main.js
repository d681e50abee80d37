// The console shell: sign-in gate, tab navigation (hash routes, arrow keys), the shared /live socket.
import './style.css'
import { api, session } from './api.js'
import { h, toast, attempt } from './dom.js'
import { authPanel } from './auth.js'
import { LiveSocket } from './live.js'
import { livePanel } from './livePanel.js'
import { entitiesPanel } from './entities.js'
import { docPanel } from './docPanel.js'
import { configPanel } from './configPanel.js'
import { listsPanel, LISTS } from './listsPanel.js'

const main = document.getElementById('main')
const tabs = document.getElementById('tabs')
const who = document.getElementById('who')
let live = null
let panels = null
let current = null
let isAdmin = false

function signOut () {
  if (live) live.close()
  if (panels) panels.doc.close()
  live = panels = current = null
  session.token = ''
  tabs.hidden = true
  tabs.replaceChildren()
  who.replaceChildren()
  history.replaceState(null, '', '#')
  showAuth()
}

function showAuth () {
  main.replaceChildren(authPanel(() => startConsole()))
  document.getElementById('signin-email')?.focus()
}

async function probeAdmin () {
  try { await api.config(); return true } catch { return false }
}

function renderWho () {
  const c = session.claims || {}
  who.replaceChildren(...[
    h('span', { id: 'who-name' }, c.name || c.email || ''),
    isAdmin ? h('span', { class: 'badge badge-admin', id: 'who-admin' }, 'administrator') : null,
    isAdmin ? null : h('button', { type: 'button', id: 'become-admin', onclick: async () => {
      const r = await attempt(() => api.becomeAdministrator(), 'Becoming administrator')
      if (r) { isAdmin = true; toast('You are now the administrator'); renderWho(); renderTabs() }
    } }, 'Become administrator'),
    h('button', { type: 'button', id: 'sign-out', onclick: signOut }, 'Sign out')].filter(Boolean))
}

function tabList () {
  const list = [['live', 'Live'], ['entities', 'Entities'], ['doc', 'Document']]
  if (isAdmin) list.push(['config', 'Config'])
  for (const [id, title] of LISTS) list.push([id, title])
  return list
}

function renderTabs () {
  const list = tabList()
  const bar = h('div', { role: 'tablist', 'aria-label': 'Console sections', class: 'tablist' },
    ...list.map(([id, title]) => h('button', {
      type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`,
      'aria-selected': String(id === current), tabindex: id === current ? '0' : '-1',
      onclick: () => { location.hash = id }
    }, title)))
  bar.addEventListener('keydown', (e) => {
    const keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }
    let i = list.findIndex(([id]) => id === current)
    if (e.key in keys) i = (i + keys[e.key] + list.length) % list.length
    else if (e.key === 'Home') i = 0
    else if (e.key === 'End') i = list.length - 1
    else return
    e.preventDefault()
    location.hash = list[i][0]
  })
  tabs.replaceChildren(bar)
  tabs.hidden = false
}

function route () {
  if (!panels) return
  const names = tabList().map(([id]) => id)
  let want = location.hash.replace(/^#\/?/, '')
  if (!names.includes(want)) want = 'live'
  if (current && panels[current]) { panels[current].view.hidden = true; panels[current].hide() }
  current = want
  panels[want].view.hidden = false
  panels[want].view.setAttribute('role', 'tabpanel')
  panels[want].view.setAttribute('aria-labelledby', `tab-${want}`)
  panels[want].show()
  const hadFocus = tabs.contains(document.activeElement)
  renderTabs()
  const tab = document.getElementById(`tab-${want}`)
  if (tab && hadFocus) tab.focus()
}

async function startConsole () {
  isAdmin = await probeAdmin()
  const lp = livePanel(null)
  live = new LiveSocket({
    onEvent: (m) => lp.onEvent(m),
    onState: (s) => {
      document.body.dataset.live = s
      if (s === 'open') lp.onConnected()
      if (s === 'expired') { signOut(); toast('Your session expired: please sign in again', 'error') }
    }
  })
  lp.bind(live)
  panels = { live: lp, entities: entitiesPanel(), doc: docPanel(), config: configPanel() }
  for (const [id, title, table, cols] of LISTS) panels[id] = listsPanel(id, title, table, cols)
  main.replaceChildren(...Object.values(panels).map(p => { p.view.hidden = true; return p.view }))
  renderWho()
  current = null
  route()
}

window.addEventListener('hashchange', route)
if (session.claims && session.claims.exp * 1000 > Date.now()) startConsole()
else { session.token = ''; showAuth() }
