// Live events: pick topics (tables and custom topics), watch events with type badges, filter,
// pause; create a custom topic and publish to it.
import { h, field, toast, attempt } from './dom.js'
import { statsView } from './stats.js'

const MAX_EVENTS = 500

export function livePanel () {
  let live = null
  const events = []
  let paused = false
  let held = 0

  const topicsList = h('datalist', { id: 'topic-options' })
  const topicField = field('Topic', { list: 'topic-options', id: 'live-topic', placeholder: 'a table or custom topic', autocomplete: 'off', required: true })
  const typeFilter = field('Only event types (e.g. create|update)', { id: 'live-event-types', placeholder: 'all', autocomplete: 'off' })
  const subscribed = h('ul', { class: 'chips', id: 'live-subscriptions', 'aria-label': 'Subscribed topics' })

  async function refreshTopics () {
    const r = await attempt(() => live.listTopics(), 'Listing topics')
    if (!r) return
    topicsList.replaceChildren(...(r.topics || []).map(t => h('option', { value: typeof t === 'string' ? t : t.name })))
  }

  function renderSubscriptions () {
    subscribed.replaceChildren(...[...live.topics.keys()].map(t => h('li', { class: 'chip' }, t,
      h('button', { type: 'button', class: 'chip-x', 'aria-label': `Unsubscribe from ${t}`, onclick: async () => {
        await attempt(() => live.unsubscribe(t), 'Unsubscribing')
        renderSubscriptions()
      } }, '×'))))
  }

  const subForm = h('form', { class: 'row', id: 'live-subscribe-form' }, topicField.wrap, typeFilter.wrap,
    h('button', { type: 'submit', class: 'primary' }, 'Subscribe'),
    h('button', { type: 'button', id: 'live-create-topic', onclick: async () => {
      const name = topicField.input.value.trim()
      if (!name) { topicField.input.focus(); return }
      const r = await attempt(() => live.createTopic(name), 'Creating topic')
      if (r) { toast(`Topic ${name} created`); refreshTopics() }
    } }, 'Create topic'))
  subForm.addEventListener('submit', async (e) => {
    e.preventDefault()
    const topic = topicField.input.value.trim()
    if (!topic) return
    const types = typeFilter.input.value.trim()
    const ok = await attempt(() => live.subscribe(topic, types ? { EventType: types } : undefined), `Subscribing to ${topic}`)
    if (ok !== undefined || live.topics.has(topic)) { toast(`Subscribed to ${topic}`); renderSubscriptions() }
  })

  // publishing
  const pubTopic = field('Publish to topic', { id: 'publish-topic', list: 'topic-options', autocomplete: 'off', required: true })
  const pubBody = field('Message (JSON object)', { id: 'publish-message', rows: 3, required: true }, 'textarea')
  pubBody.input.value = '{"text": "hello"}'
  const pubForm = h('form', { class: 'card', id: 'live-publish-form', 'aria-labelledby': 'publish-h' },
    h('h3', { id: 'publish-h' }, 'Publish'), pubTopic.wrap, pubBody.wrap, h('button', { type: 'submit' }, 'Publish'))
  pubForm.addEventListener('submit', async (e) => {
    e.preventDefault()
    let message
    try { message = JSON.parse(pubBody.input.value) } catch { toast('The message is not valid JSON', 'error'); pubBody.input.focus(); return }
    if (!message || typeof message !== 'object' || Array.isArray(message)) { toast('The message must be a JSON object', 'error'); return }
    const r = await attempt(() => live.publish(pubTopic.input.value.trim(), message), 'Publishing')
    if (r) toast('Published')
  })

  // event list
  const search = field('Filter shown events', { id: 'live-search', type: 'search', placeholder: 'text, type or topic', autocomplete: 'off' })
  const pause = h('button', { type: 'button', id: 'live-pause', 'aria-pressed': 'false' }, 'Pause')
  const clear = h('button', { type: 'button', id: 'live-clear' }, 'Clear')
  const heldNote = h('span', { class: 'muted', id: 'live-held' })
  const list = h('ol', { class: 'events', id: 'live-events', 'aria-label': 'Events, newest first', 'aria-live': 'polite', 'aria-relevant': 'additions' })

  function matches (ev) {
    const q = search.input.value.trim().toLowerCase()
    return !q || ev.text.toLowerCase().includes(q)
  }
  function itemFor (ev) {
    const m = ev.msg
    return h('li', { class: 'event', 'data-type': m.EventType, 'data-topic': m.ObjectType },
      h('span', { class: `badge badge-${m.EventType}` }, m.EventType),
      h('span', { class: 'topic' }, m.ObjectType),
      m.EventSeq !== undefined ? h('span', { class: 'seq muted' }, '#' + m.EventSeq) : null,
      h('time', { class: 'muted' }, ev.at.toLocaleTimeString()),
      h('code', { class: 'data' }, JSON.stringify(m.EventData)))
  }
  function render () {
    list.replaceChildren(...events.filter(matches).slice(0, 200).map(itemFor))
    heldNote.textContent = paused && held ? `${held} new while paused` : ''
  }
  search.input.addEventListener('input', render)
  pause.addEventListener('click', () => {
    paused = !paused
    pause.setAttribute('aria-pressed', String(paused))
    pause.textContent = paused ? 'Resume' : 'Pause'
    if (!paused) held = 0
    render()
  })
  clear.addEventListener('click', () => { events.length = 0; held = 0; render() })

  const stats = statsView()
  const view = h('section', { class: 'panel', id: 'panel-live', 'aria-labelledby': 'live-h' },
    h('h2', { id: 'live-h' }, 'Live events'), topicsList,
    h('div', { class: 'card' }, subForm, subscribed),
    h('div', { class: 'grid2' }, pubForm, stats.view),
    h('div', { class: 'card' }, h('div', { class: 'row' }, search.wrap, pause, clear, heldNote), list))

  return {
    view,
    onEvent (msg) {
      events.unshift({ msg, at: new Date(), text: `${msg.EventType} ${msg.ObjectType} ${JSON.stringify(msg.EventData)}` })
      if (events.length > MAX_EVENTS) events.length = MAX_EVENTS
      if (paused) { held++; heldNote.textContent = `${held} new while paused`; return }
      render()
    },
    bind (socket) { live = socket },
    onConnected () { refreshTopics(); renderSubscriptions() },
    show () { stats.start() },
    hide () { stats.stop() }
  }
}
