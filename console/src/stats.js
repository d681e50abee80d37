// Live counters from /statistics (public): connections per protocol and events per second,
// polled every 2 s while the live panel is visible, with a small SVG chart of events/s.
import { api } from './api.js'
import { h } from './dom.js'

const SVG = 'http://www.w3.org/2000/svg'
const POINTS = 60

export function statsView () {
  const conns = h('dl', { class: 'counters', id: 'stat-connections' })
  const rate = h('output', { id: 'stat-events-rate', 'aria-live': 'off' }, '0')
  const total = h('output', { id: 'stat-events-total' }, '0')
  const svg = document.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', `0 0 ${POINTS - 1} 40`)
  svg.setAttribute('preserveAspectRatio', 'none')
  svg.setAttribute('class', 'chart')
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', 'Events per second, last two minutes')
  const line = document.createElementNS(SVG, 'polyline')
  svg.append(line)
  const samples = []
  let timer = null

  async function tick () {
    let s
    try { s = await api.statistics() } catch { return }
    conns.replaceChildren()
    const open = (s.web && s.web.connections) || {}
    const rt = s.realtime || {}
    const byProto = { ...open }
    if (rt.connections_live !== undefined) byProto.live = rt.connections_live
    if (rt.connections_ws !== undefined) byProto.ws = rt.connections_ws
    for (const [proto, n] of Object.entries(byProto).sort()) {
      conns.append(h('div', { class: 'counter', 'data-protocol': proto }, h('dt', {}, proto), h('dd', {}, String(n))))
    }
    const ev = s.events || {}
    const perSecond = Number(ev.per_second || 0)
    rate.textContent = perSecond.toFixed(1)
    total.textContent = String(ev.published || 0)
    samples.push(perSecond)
    if (samples.length > POINTS) samples.shift()
    const max = Math.max(1, ...samples)
    line.setAttribute('points', samples.map((v, i) => `${i + POINTS - samples.length},${(40 - (v / max) * 38).toFixed(2)}`).join(' '))
  }

  const view = h('section', { class: 'card stats', 'aria-labelledby': 'stats-h' },
    h('h3', { id: 'stats-h' }, 'Server counters'),
    h('p', { class: 'muted' }, 'Open connections by protocol'), conns,
    h('p', {}, 'Events/s: ', rate, ' · published: ', total),
    svg)
  return {
    view,
    start () { if (!timer) { tick(); timer = setInterval(tick, 2000) } },
    stop () { clearInterval(timer); timer = null }
  }
}
