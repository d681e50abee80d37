// HTTP helpers: the session (JWT in sessionStorage), JSON calls with readable errors.

const KEY = 'switchboard.token'

export const session = {
  get token () { return sessionStorage.getItem(KEY) || '' },
  set token (t) { t ? sessionStorage.setItem(KEY, t) : sessionStorage.removeItem(KEY) },
  /** The JWT's claims (sub, email, name ...), or null when signed out. */
  get claims () {
    const t = this.token
    if (!t) return null
    try {
      const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')
      return JSON.parse(decodeURIComponent(escape(atob(part))))
    } catch { return null }
  }
}

export class HttpError extends Error {
  constructor (status, message, body) {
    super(message)
    this.status = status
    this.body = body
  }
}

/** The message a server answer carries: JSON:API errors, action notifications, or the status. */
function messageOf (status, body) {
  if (Array.isArray(body)) {
    const n = body.find(i => i && i.ResponseType === 'client.notify')
    if (n) return n.Attributes.message
  }
  if (body && Array.isArray(body.errors) && body.errors[0]) {
    return body.errors[0].detail || body.errors[0].title
  }
  return `HTTP ${status}`
}

export async function call (method, path, body, { contentType = 'application/json', auth = true } = {}) {
  const headers = { Accept: 'application/json, application/vnd.api+json' }
  if (auth && session.token) headers.Authorization = 'Bearer ' + session.token
  const init = { method, headers }
  if (body !== undefined) {
    headers['Content-Type'] = contentType
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
  }
  const res = await fetch(path, init)
  const text = await res.text()
  let json = null
  if (text) { try { json = JSON.parse(text) } catch { json = text } }
  if (!res.ok) throw new HttpError(res.status, messageOf(res.status, json), json)
  return json
}

export const api = {
  signUp: (attributes) => call('POST', '/action/user_account/signup', { attributes }, { auth: false }),
  async signIn (email, password) {
    const out = await call('POST', '/action/user_account/signin', { attributes: { email, password } }, { auth: false })
    const set = Array.isArray(out) && out.find(i => i.ResponseType === 'client.store.set' && i.Attributes.key === 'token')
    if (!set) throw new HttpError(200, 'the server sent no token', out)
    return set.Attributes.value
  },
  becomeAdministrator: () => call('POST', '/action/world/become_an_administrator', {}),
  config: () => call('GET', '/_config'),
  setConfig: (key, value) => call('PUT', '/_config/backend/' + encodeURIComponent(key), JSON.stringify(String(value))),
  statistics: () => call('GET', '/statistics', undefined, { auth: false }),
  list: (type, params = {}) => {
    const q = new URLSearchParams({ 'page[size]': '50', sort: '-created_at', ...params })
    return call('GET', `/api/${encodeURIComponent(type)}?${q}`)
  },
  create: (type, attributes) => call('POST', `/api/${encodeURIComponent(type)}`, { data: { type, attributes } }, { contentType: 'application/vnd.api+json' }),
  update: (type, id, attributes) => call('PATCH', `/api/${encodeURIComponent(type)}/${encodeURIComponent(id)}`, { data: { type, id, attributes } }, { contentType: 'application/vnd.api+json' }),
  remove: (type, id) => call('DELETE', `/api/${encodeURIComponent(type)}/${encodeURIComponent(id)}`)
}

/** ws:// or wss:// URL of a path on this server. */
export function wsUrl (path) {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path
}
