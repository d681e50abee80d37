// Collaborative document: a /yjs/{name} document (y-websocket) bound to a textarea, with the
// other editors' cursors drawn over it from awareness, and a list of who is here.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { session, wsUrl } from './api.js'
import { h, field, toast } from './dom.js'

const COLORS = ['#d43f3a', '#1f77b4', '#2ca02c', '#9467bd', '#e377c2', '#8c564b', '#17becf', '#bcbd22']

function colorFor (id) {
  let n = 0
  for (const c of String(id)) n = (n * 31 + c.charCodeAt(0)) >>> 0
  return COLORS[n % COLORS.length]
}

/** Keeps a textarea and a Y.Text equal; local edits become minimal Yjs inserts/deletes. */
class TextareaBinding {
  constructor (ytext, textarea, awareness, onCursors) {
    this.ytext = ytext
    this.doc = ytext.doc
    this.ta = textarea
    this.awareness = awareness
    this.onCursors = onCursors
    this.value = ytext.toString()
    this.ta.value = this.value
    this.rel = null

    this.onInput = () => {
      const next = this.ta.value
      const prev = this.value
      if (next === prev) return
      let start = 0
      const min = Math.min(next.length, prev.length)
      while (start < min && next.charCodeAt(start) === prev.charCodeAt(start)) start++
      let end = 0
      while (end < min - start && next.charCodeAt(next.length - 1 - end) === prev.charCodeAt(prev.length - 1 - end)) end++
      this.doc.transact(() => {
        const removed = prev.length - start - end
        if (removed > 0) this.ytext.delete(start, removed)
        const inserted = next.slice(start, next.length - end)
        if (inserted) this.ytext.insert(start, inserted)
      }, this)
      this.value = next
      this.publishCursor()
    }
    this.onSelect = () => this.publishCursor()
    this.onSelectionChange = () => { if (document.activeElement === this.ta) this.publishCursor() }
    this.observer = (event, txn) => {
      if (txn.origin === this) return
      const rel = this.rel
      this.value = this.ytext.toString()
      this.ta.value = this.value
      if (rel && document.activeElement === this.ta) {
        const a = Y.createAbsolutePositionFromRelativePosition(rel.anchor, this.doc)
        const b = Y.createAbsolutePositionFromRelativePosition(rel.head, this.doc)
        if (a && b) this.ta.setSelectionRange(Math.min(a.index, b.index), Math.max(a.index, b.index))
      }
      this.onCursors()
    }
    this.ta.addEventListener('input', this.onInput)
    this.ta.addEventListener('select', this.onSelect)
    this.ta.addEventListener('keyup', this.onSelect)
    this.ta.addEventListener('mouseup', this.onSelect)
    this.ta.addEventListener('focus', this.onSelect)
    document.addEventListener('selectionchange', this.onSelectionChange)
    this.ytext.observe(this.observer)
  }

  publishCursor () {
    const anchor = Y.createRelativePositionFromTypeIndex(this.ytext, this.ta.selectionStart)
    const head = Y.createRelativePositionFromTypeIndex(this.ytext, this.ta.selectionEnd)
    this.rel = { anchor, head }
    this.awareness.setLocalStateField('cursor', { anchor: Y.relativePositionToJSON(anchor), head: Y.relativePositionToJSON(head) })
  }

  /** Index in the text of a peer's cursor (awareness state), or null. */
  indexOf (cursor) {
    if (!cursor || !cursor.head) return null
    try {
      const abs = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.head), this.doc)
      return abs ? abs.index : null
    } catch { return null }
  }

  destroy () {
    this.ytext.unobserve(this.observer)
    this.ta.removeEventListener('input', this.onInput)
    this.ta.removeEventListener('select', this.onSelect)
    this.ta.removeEventListener('keyup', this.onSelect)
    this.ta.removeEventListener('mouseup', this.onSelect)
    this.ta.removeEventListener('focus', this.onSelect)
    document.removeEventListener('selectionchange', this.onSelectionChange)
  }
}

export function docPanel () {
  let provider = null
  let ydoc = null
  let binding = null

  const nameField = field('Document name', { id: 'doc-name', value: 'notes', autocomplete: 'off', required: true, pattern: '[A-Za-z0-9_.\\-]{1,100}' })
  const openBtn = h('button', { type: 'submit', class: 'primary' }, 'Open')
  const closeBtn = h('button', { type: 'button', id: 'doc-close', disabled: true }, 'Close')
  const state = h('span', { class: 'pill', id: 'doc-state', role: 'status' }, 'closed')
  const openForm = h('form', { class: 'row', id: 'doc-open-form' }, nameField.wrap, openBtn, closeBtn, state)

  const ta = h('textarea', { id: 'doc-text', class: 'doc-text', spellcheck: false, disabled: true, 'aria-describedby': 'doc-help' })
  const overlay = h('div', { class: 'doc-overlay', 'aria-hidden': 'true', id: 'doc-overlay' })
  const editor = h('div', { class: 'doc-editor' }, ta, overlay)
  const peers = h('ul', { class: 'peers', id: 'doc-peers', 'aria-label': 'People in this document', 'aria-live': 'polite' })

  function renderCursors () {
    if (!provider || !binding) { overlay.replaceChildren(); peers.replaceChildren(); return }
    const aw = provider.awareness
    const text = ta.value
    const marks = []
    const people = []
    for (const [clientId, st] of aw.getStates()) {
      const user = st.user || { name: 'anonymous', color: '#888' }
      const idx = binding.indexOf(st.cursor)
      const self = clientId === aw.clientID
      people.push(h('li', { class: 'peer', 'data-name': user.name, 'data-self': String(self) },
        h('span', { class: 'dot', 'data-color': user.color }), `${user.name}${self ? ' (you)' : ''}`,
        idx === null ? '' : h('span', { class: 'muted' }, ` at ${idx}`)))
      if (!self && idx !== null) marks.push({ idx: Math.min(idx, text.length), user, clientId })
    }
    marks.sort((a, b) => a.idx - b.idx)
    const parts = []
    let at = 0
    for (const m of marks) {
      parts.push(document.createTextNode(text.slice(at, m.idx)))
      const caret = h('span', { class: 'caret', 'data-peer': m.user.name, 'data-index': String(m.idx) }, h('span', { class: 'caret-label' }, m.user.name))
      caret.style.borderColor = m.user.color
      caret.lastChild.style.background = m.user.color
      parts.push(caret)
      at = m.idx
    }
    parts.push(document.createTextNode(text.slice(at) + '\n'))
    overlay.replaceChildren(...parts)
    overlay.scrollTop = ta.scrollTop
    for (const dot of peers.querySelectorAll('.dot')) dot.style.background = dot.dataset.color
    peers.replaceChildren(...people)
    for (const dot of peers.querySelectorAll('.dot')) dot.style.background = dot.dataset.color
  }
  ta.addEventListener('scroll', () => { overlay.scrollTop = ta.scrollTop })

  function close () {
    if (binding) binding.destroy()
    if (provider) provider.destroy()
    if (ydoc) ydoc.destroy()
    binding = provider = ydoc = null
    ta.value = ''
    ta.disabled = true
    closeBtn.disabled = true
    state.textContent = 'closed'
    renderCursors()
  }

  openForm.addEventListener('submit', (e) => {
    e.preventDefault()
    const name = nameField.input.value.trim()
    if (!nameField.input.checkValidity()) { toast('Use letters, digits, dot, dash or underscore', 'error'); return }
    close()
    ydoc = new Y.Doc()
    const ytext = ydoc.getText('content')
    // disableBc: tabs must meet through the server, not through a same-browser BroadcastChannel.
    provider = new WebsocketProvider(wsUrl('/yjs'), name, ydoc, { params: { token: session.token }, disableBc: true })
    const claims = session.claims || {}
    const me = claims.name || claims.email || 'me'
    provider.awareness.setLocalStateField('user', { name: me, color: colorFor(claims.sub || me) })
    provider.on('status', ({ status }) => { state.textContent = status })
    provider.on('sync', (synced) => {
      if (!synced || !provider) return
      state.textContent = 'synced'
      if (!binding) {
        binding = new TextareaBinding(ytext, ta, provider.awareness, renderCursors)
        ta.disabled = false
        renderCursors()
      }
    })
    provider.awareness.on('change', renderCursors)
    closeBtn.disabled = false
    state.textContent = 'connecting'
  })
  closeBtn.addEventListener('click', close)

  const view = h('section', { class: 'panel', id: 'panel-doc', 'aria-labelledby': 'doc-h', hidden: true },
    h('h2', { id: 'doc-h' }, 'Collaborative document'),
    h('div', { class: 'card' }, openForm,
      h('label', { for: 'doc-text', class: 'block-label' }, 'Text'),
      h('p', { id: 'doc-help', class: 'muted' }, 'Everyone who opens the same name edits together; coloured marks show where the others are.'),
      editor),
    h('div', { class: 'card' }, h('h3', {}, 'Here now'), peers))
  return { view, show () {}, hide () {}, close }
}
