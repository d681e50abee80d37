// Entities: tables from /api/world, rows of one table, create / edit / delete.
import { api } from './api.js'
import { h, field, toast, attempt } from './dom.js'

const SYSTEM_COLUMNS = new Set(['id', 'reference_id', 'created_at', 'updated_at', 'permission', 'version',
  'user_account_id', 'usergroups', 'deleted_at', '__type'])

/** The user-facing columns of a world row: [{ name, type }]. */
export function columnsOf (worldRow) {
  let schema = {}
  try { schema = JSON.parse(worldRow.attributes.world_schema_json || '{}') } catch { /* a malformed schema shows no columns */ }
  return (schema.Columns || [])
    .map(c => ({ name: c.ColumnName || c.Name, type: c.ColumnType || 'label' }))
    .filter(c => c.name && !SYSTEM_COLUMNS.has(c.name) && !String(c.type).startsWith('file.'))
}

export function entitiesPanel () {
  let tables = []
  let current = null
  let editing = null // reference id being edited

  const tableSel = field('Table', { id: 'entity-table' }, 'select')
  const reload = h('button', { type: 'button', id: 'entity-reload' }, 'Reload')
  const form = h('form', { class: 'card', id: 'entity-form', 'aria-labelledby': 'entity-form-h' })
  const formH = h('h3', { id: 'entity-form-h' }, 'New row')
  const rows = h('table', { class: 'rows', id: 'entity-rows' })
  const status = h('p', { class: 'muted', role: 'status', id: 'entity-status' })

  async function loadTables () {
    const r = await attempt(() => api.list('world', { 'page[size]': '500', sort: 'table_name' }), 'Loading tables')
    if (!r) return
    tables = r.data || []
    const keep = tableSel.input.value
    tableSel.input.replaceChildren(...tables.map(t => h('option', { value: t.attributes.table_name }, t.attributes.table_name)))
    if (keep && tables.some(t => t.attributes.table_name === keep)) tableSel.input.value = keep
    await selectTable()
  }

  function inputFor (col, value) {
    const id = `entity-col-${col.name}`
    if (col.type === 'truefalse') {
      const cb = h('input', { type: 'checkbox', id, name: col.name, checked: value === true || value === 1 || value === 'true' })
      return { wrap: h('div', { class: 'field check' }, cb, h('label', { for: id }, col.name)), read: () => cb.checked }
    }
    const multiline = col.type === 'content' || col.type === 'json'
    const f = field(col.name, { id, name: col.name, type: col.type === 'measurement' ? 'number' : col.type === 'email' ? 'email' : 'text', rows: multiline ? 3 : undefined }, multiline ? 'textarea' : 'input')
    if (multiline) f.input.removeAttribute('type')
    if (value !== undefined && value !== null) f.input.value = typeof value === 'object' ? JSON.stringify(value) : String(value)
    return { wrap: f.wrap, read: () => col.type === 'measurement' ? (f.input.value === '' ? null : Number(f.input.value)) : f.input.value }
  }

  function renderForm (row) {
    editing = row ? row.id : null
    formH.textContent = row ? 'Edit row' : 'New row'
    const cols = current ? columnsOf(current) : []
    const inputs = cols.map(c => [c.name, inputFor(c, row && row.attributes[c.name])])
    form.replaceChildren(formH, ...inputs.map(([, i]) => i.wrap),
      h('div', { class: 'row' },
        h('button', { type: 'submit', class: 'primary' }, row ? 'Save' : 'Create'),
        row ? h('button', { type: 'button', onclick: () => renderForm(null) }, 'Cancel') : null))
    form.onsubmit = async (e) => {
      e.preventDefault()
      const attrs = Object.fromEntries(inputs.map(([n, i]) => [n, i.read()]))
      const type = current.attributes.table_name
      const ok = editing
        ? await attempt(() => api.update(type, editing, attrs), 'Saving')
        : await attempt(() => api.create(type, attrs), 'Creating')
      if (ok !== undefined) { toast(editing ? 'Saved' : 'Created'); renderForm(null); loadRows() }
    }
  }

  async function loadRows () {
    if (!current) return
    const type = current.attributes.table_name
    const r = await attempt(() => api.list(type), `Loading ${type}`)
    if (!r) return
    const cols = columnsOf(current)
    const data = r.data || []
    status.textContent = `${data.length} row${data.length === 1 ? '' : 's'} of ${r.links && r.links.total !== undefined ? r.links.total : data.length}`
    rows.replaceChildren(
      h('caption', { class: 'sr-only' }, `Rows of ${type}`),
      h('thead', {}, h('tr', {}, ...cols.map(c => h('th', { scope: 'col' }, c.name)), h('th', { scope: 'col' }, 'Actions'))),
      h('tbody', {}, ...data.map(row => h('tr', { 'data-id': row.id },
        ...cols.map(c => h('td', {}, fmt(row.attributes[c.name]))),
        h('td', { class: 'actions' },
          h('button', { type: 'button', 'aria-label': `Edit row ${row.id}`, onclick: () => { renderForm(row); form.querySelector('input,textarea')?.focus() } }, 'Edit'),
          h('button', { type: 'button', class: 'danger', 'aria-label': `Delete row ${row.id}`, onclick: async () => {
            const ok = await attempt(() => api.remove(type, row.id), 'Deleting')
            if (ok !== undefined) { toast('Deleted'); loadRows() }
          } }, 'Delete'))))))
  }

  async function selectTable () {
    current = tables.find(t => t.attributes.table_name === tableSel.input.value) || null
    renderForm(null)
    await loadRows()
  }
  tableSel.input.addEventListener('change', selectTable)

  // a new table: name + "column:type" list, POST /api/world (usable at once, with its live topic)
  const newName = field('New table name', { id: 'new-table-name', pattern: '[a-z][a-z0-9_]{0,62}', autocomplete: 'off', required: true })
  const newCols = field('Columns (name:type, comma separated)', { id: 'new-table-columns', value: 'title:label, body:content', autocomplete: 'off', required: true })
  const newForm = h('form', { class: 'card', id: 'new-table-form', 'aria-labelledby': 'new-table-h' },
    h('h3', { id: 'new-table-h' }, 'New table'),
    h('div', { class: 'row' }, newName.wrap, newCols.wrap, h('button', { type: 'submit' }, 'Create table')))
  newForm.addEventListener('submit', async (e) => {
    e.preventDefault()
    const name = newName.input.value.trim()
    if (!newName.input.checkValidity()) { toast('Table names are lower-case letters, digits and _', 'error'); return }
    const Columns = newCols.input.value.split(',').map(s => s.trim()).filter(Boolean).map(s => {
      const [col, type = 'label'] = s.split(':').map(x => x.trim())
      return { Name: col, ColumnName: col, ColumnType: type, IsNullable: true }
    })
    const world = { table_name: name, world_schema_json: JSON.stringify({ TableName: name, Columns }) }
    const ok = await attempt(() => api.create('world', world), 'Creating table')
    if (ok !== undefined) {
      toast(`Table ${name} created`)
      await loadTables()
      tableSel.input.value = name
      await selectTable()
    }
  })
  reload.addEventListener('click', loadTables)

  const view = h('section', { class: 'panel', id: 'panel-entities', 'aria-labelledby': 'entities-h', hidden: true },
    h('h2', { id: 'entities-h' }, 'Entities'),
    h('div', { class: 'row' }, tableSel.wrap, reload),
    h('div', { class: 'grid2' }, form, h('div', { class: 'card scroll' }, status, rows)),
    newForm)
  let loaded = false
  return { view, show () { if (!loaded) { loaded = true; loadTables() } else loadRows() }, hide () {} }
}

function fmt (v) {
  if (v === null || v === undefined) return ''
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}
