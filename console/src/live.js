// The /live WebSocket (protocols/live.md): subscribe to topics, publish to custom topics,
// request/response by id, reconnects with back-off and re-subscribes from the last EventSeq.
import { session, wsUrl } from './api.js'

export class LiveSocket {
  constructor ({ onEvent, onState }) {
    this.onEvent = onEvent
    this.onState = onState
    this.topics = new Map() // topic -> { filters, lastSeq }
    this.pending = new Map() // id -> { resolve, reject }
    this.seq = 0
    this.closed = false
    this.retry = 0
    this.open()
  }

  open () {
    const claims = session.claims
    if (!claims || claims.exp * 1000 <= Date.now()) { this.closed = true; this.setState('expired'); return }
    this.setState('connecting')
    const ws = new WebSocket(wsUrl('/live?token=' + encodeURIComponent(session.token)))
    this.ws = ws
    ws.onopen = () => {
      this.retry = 0
      this.setState('open')
      for (const [topic, t] of this.topics) this.sendSubscribe(topic, t)
    }
    ws.onmessage = (m) => {
      let msg
      try { msg = JSON.parse(m.data) } catch { return }
      if (msg.id && this.pending.has(msg.id)) {
        const p = this.pending.get(msg.id)
        this.pending.delete(msg.id)
        if (msg.EventType === 'error') p.reject(new Error(msg.EventData && msg.EventData.error || 'error'))
        else p.resolve(msg.EventData)
        return
      }
      if (msg.MessageSource === 'system') return
      const t = this.topics.get(msg.ObjectType)
      if (t && typeof msg.EventSeq === 'number') t.lastSeq = msg.EventSeq
      this.onEvent(msg)
    }
    ws.onclose = () => {
      for (const p of this.pending.values()) p.reject(new Error('connection closed'))
      this.pending.clear()
      if (this.closed) { this.setState('closed'); return }
      this.setState('reconnecting')
      const delay = Math.min(10000, 500 * 2 ** this.retry++)
      this.timer = setTimeout(() => this.open(), delay)
    }
  }

  setState (s) {
    this.state = s
    this.onState(s)
  }

  request (method, attributes = {}) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'))
    const id = 'c' + (++this.seq)
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.ws.send(JSON.stringify({ method, attributes, id }))
    })
  }

  sendSubscribe (topic, t) {
    const attributes = { topicName: topic }
    if (t.filters) attributes.filters = t.filters
    if (t.lastSeq) attributes.since = t.lastSeq
    return this.request('subscribe', attributes)
  }

  async subscribe (topic, filters) {
    const t = { filters, lastSeq: 0 }
    await this.sendSubscribe(topic, t)
    this.topics.set(topic, t)
  }

  async unsubscribe (topic) {
    this.topics.delete(topic)
    await this.request('unsubscribe', { topicName: topic })
  }

  listTopics () { return this.request('list-topicName') }
  createTopic (name) { return this.request('create-topicName', { name }) }
  publish (topicName, message) { return this.request('new-message', { topicName, message }) }

  close () {
    this.closed = true
    clearTimeout(this.timer)
    if (this.ws) this.ws.close()
  }
}
