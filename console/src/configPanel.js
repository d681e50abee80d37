// Config (administrators): the hot *.enable keys of /_config as switches; a change applies at once.
import { api } from './api.js'
import { h, toast, attempt } from './dom.js'

export const TOGGLES = [
  ['smtp.enable', 'SMTP (mail in)'],
  ['imap.enabled', 'IMAP (mailboxes)'],
  ['ftp.enable', 'FTP'],
  ['caldav.enable', 'WebDAV / CalDAV / CardDAV'],
  ['yjs.enabled', 'Yjs collaboration']
]

export function configPanel () {
  const list = h('ul', { class: 'toggles', id: 'config-toggles' })
  const note = h('p', { class: 'muted', id: 'config-note', role: 'status' })
  const all = h('details', { class: 'card' }, h('summary', {}, 'All effective settings'), h('pre', { id: 'config-all', class: 'scroll' }))

  async function load () {
    const cfg = await attempt(() => api.config(), 'Loading config')
    if (!cfg) { note.textContent = 'Only administrators can see the configuration.'; return }
    note.textContent = 'Switches apply immediately (no restart).'
    list.replaceChildren(...TOGGLES.map(([key, label]) => {
      const id = 'cfg-' + key.replace(/\./g, '-')
      const sw = h('input', { type: 'checkbox', role: 'switch', id, 'data-key': key, checked: String(cfg[key]) === 'true' })
      const result = h('span', { class: 'muted', id: id + '-result' })
      sw.addEventListener('change', async () => {
        sw.disabled = true
        const r = await attempt(() => api.setConfig(key, sw.checked), `Setting ${key}`)
        sw.disabled = false
        if (r) {
          sw.checked = String(r.effective) === 'true'
          result.textContent = `${r.effective} (applies ${r.applies})`
          toast(`${key} = ${r.effective}`)
        } else {
          sw.checked = !sw.checked
        }
      })
      return h('li', { class: 'toggle' }, sw, h('label', { for: id }, h('strong', {}, label), ' ', h('code', {}, key)), result)
    }))
    all.lastChild.textContent = JSON.stringify(cfg, null, 2)
  }

  const view = h('section', { class: 'panel', id: 'panel-config', 'aria-labelledby': 'config-h', hidden: true },
    h('h2', { id: 'config-h' }, 'Configuration'), h('div', { class: 'card' }, note, list), all)
  return { view, show: load, hide () {} }
}
