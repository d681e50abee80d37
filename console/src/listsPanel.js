// Read-only lists of mail boxes, calendars, sites and feeds. A table that this build does not have
// (not in /api/world) shows "not available" instead of an error.
import { api } from './api.js'
import { h, attempt } from './dom.js'

export const LISTS = [
  ['mail', 'Mail', 'mail_box', ['name', 'email', 'box_name', 'mail_server_hostname']],
  ['calendars', 'Calendars', 'calendar', ['name', 'display_name', 'description']],
  ['sites', 'Sites', 'site', ['name', 'hostname', 'path', 'site_type']],
  ['feeds', 'Feeds', 'feed', ['feed_name', 'title', 'description']]
]

export function listsPanel (id, title, table, preferred) {
  const body = h('div', { class: 'card scroll', id: `list-${id}` })
  async function load () {
    const w = await attempt(() => api.list('world', { 'filter[table_name]': table, 'page[size]': '1', sort: 'table_name' }), `Checking ${table}`)
    if (!w) return
    if (!(w.data || []).some(r => r.attributes.table_name === table)) {
      body.replaceChildren(h('p', { class: 'unavailable' }, `${title}: not available on this server (no ${table} table yet).`))
      return
    }
    const r = await attempt(() => api.list(table), `Loading ${table}`)
    if (!r) return
    const data = r.data || []
    if (!data.length) { body.replaceChildren(h('p', { class: 'muted' }, `No ${title.toLowerCase()} yet.`)); return }
    const cols = preferred.filter(c => data.some(d => d.attributes[c] !== undefined))
    if (!cols.length) cols.push(...Object.keys(data[0].attributes).filter(k => !/^(permission|version|usergroups)$/.test(k)).slice(0, 4))
    body.replaceChildren(h('table', { class: 'rows' },
      h('caption', { class: 'sr-only' }, title),
      h('thead', {}, h('tr', {}, ...cols.map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...data.map(d => h('tr', {}, ...cols.map(c => h('td', {}, d.attributes[c] == null ? '' : String(d.attributes[c]))))))))
  }
  const view = h('section', { class: 'panel', id: `panel-${id}`, 'aria-labelledby': `${id}-h`, hidden: true },
    h('h2', { id: `${id}-h` }, title), body)
  return { view, show: load, hide () {} }
}
