// Oracle for the Java Yjs codec tests (src/test/java/io/switchboard/yjs): generates fixtures with real
// Y.Docs and answers what yjs, lib0 and y-protocols do with given bytes.
//
// Protocol: one JSON request per line on stdin, one JSON answer per line on stdout, in order.
// Binary values travel as base64. An answer is {"ok": ...} or {"error": "message"}.
//
// Run: cd clients/node && node yjs/oracle.mjs
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as authProtocol from 'y-protocols/auth'
import { createInterface } from 'node:readline'

const b64 = bytes => Buffer.from(bytes).toString('base64')
const bin = text => new Uint8Array(Buffer.from(text, 'base64'))

// --- describing a document, so that two docs can be compared as plain JSON ---------------------------

const ROOTS = [['text', 'getText'], ['map', 'getMap'], ['array', 'getArray'], ['xml', 'getXmlFragment']]

const describeValue = v => {
  if (v instanceof Y.XmlText) return { xmlText: v.toDelta().map(describeDeltaOp) }
  if (v instanceof Y.Text) return { text: v.toDelta().map(describeDeltaOp) }
  if (v instanceof Y.XmlElement || v instanceof Y.XmlFragment || v instanceof Y.XmlHook) return { xml: v.toString() }
  if (v instanceof Y.Map) return { map: describeObject(Object.fromEntries(v.entries())) }
  if (v instanceof Y.Array) return { array: v.toArray().map(describeValue) }
  if (v instanceof Y.Doc) return { subdoc: v.guid, meta: v.meta ?? null, autoLoad: v.autoLoad, gc: v.gc }
  if (v instanceof Uint8Array) return { bytes: Array.from(v) }
  if (typeof v === 'bigint') return { bigint: v.toString() }
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return { number: '-0' }
    if (!Number.isFinite(v)) return { number: String(v) }
    return v
  }
  if (v === undefined) return { undefined: true }
  if (Array.isArray(v)) return v.map(describeValue)
  if (v !== null && typeof v === 'object') return describeObject(v)
  return v
}

const describeObject = obj => {
  const out = {}
  for (const key of Object.keys(obj).sort()) out[key] = describeValue(obj[key])
  return out
}

const describeDeltaOp = op => ({
  insert: typeof op.insert === 'string' ? op.insert : describeValue(op.insert),
  attributes: op.attributes ? describeObject(op.attributes) : null
})

const describeDoc = doc => {
  const out = {}
  for (const [name, getter] of ROOTS) out[name] = describeValue(doc[getter](name))
  return JSON.stringify(out)
}

// Applies updates to a fresh doc and reports what a peer would see.
const stateOf = updates => {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  const state = {
    doc: describeDoc(doc),
    sv: b64(Y.encodeStateVector(doc)),
    snapshot: b64(Y.encodeSnapshot(Y.snapshot(doc))),
    pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null
  }
  doc.destroy()
  return state
}

// --- random concurrent editing ----------------------------------------------------------------------

const CHARS = ['a', 'b', 'c', 'x', 'y', ' ', '\n', 'é', 'ß', 'ж', '中', '文', '😀', '👍🏽', '🇫🇷', 'é', '\u00a0', '\ud834\udd1e']
const KEYS = ['a', 'b', 'c', 'title', 'n', 'ключ', '😀']

const randomString = (gen, max) => {
  let s = ''
  const n = prng.int32(gen, 1, max)
  for (let i = 0; i < n; i++) s += prng.oneOf(gen, CHARS)
  return s
}

const randomAny = (gen, depth = 0) => {
  switch (prng.int32(gen, 0, depth > 1 ? 7 : 9)) {
    case 0: return prng.int32(gen, -100, 100)
    case 1: return prng.oneOf(gen, [2 ** 31, -(2 ** 31) - 5, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER, 0.5, -1.25, 3.141592653589793, 1e300, -0])
    case 2: return randomString(gen, 6)
    case 3: return prng.bool(gen)
    case 4: return null
    case 5: return prng.uint8Array(gen, prng.int32(gen, 0, 5))
    case 6: return prng.real53(gen)
    case 7: return 'ü'
    case 8: return [randomAny(gen, depth + 1), randomAny(gen, depth + 1)]
    default: return { k: randomAny(gen, depth + 1), '1': 'one', z: [randomAny(gen, depth + 1)] }
  }
}

let subdocCounter = 0

const randomTypeValue = gen => {
  switch (prng.int32(gen, 0, 3)) {
    case 0: { const m = new Y.Map(); m.set('inner', randomAny(gen)); return m }
    case 1: { const a = new Y.Array(); a.push([randomAny(gen), randomAny(gen)]); return a }
    case 2: { const t = new Y.Text(); t.insert(0, randomString(gen, 5)); return t }
    default: return new Y.Doc({ guid: 'sub-' + (subdocCounter++), autoLoad: prng.bool(gen), meta: prng.bool(gen) ? { note: 'm' } : null })
  }
}

// nested types reachable from the roots, so that edits also happen inside them
const nestedTypes = doc => {
  const found = []
  const visit = v => {
    if (v instanceof Y.Map) { found.push(v); for (const x of v.values()) visit(x) }
    else if (v instanceof Y.Array) { found.push(v); for (const x of v.toArray()) visit(x) }
    else if (v instanceof Y.Text) found.push(v)
  }
  for (const x of doc.getMap('map').values()) visit(x)
  for (const x of doc.getArray('array').toArray()) visit(x)
  return found
}

// yjs does not converge when an edit splits a surrogate pair (each peer patches the halves with U+FFFD
// differently), and editors never do it; so edits happen at code point boundaries. Cuts inside pairs
// are still tested: diffs against random state vectors slice there.
const flatText = text => text.toDelta().map(op => typeof op.insert === 'string' ? op.insert : '\u0000').join('')

const boundary = (flat, pos) => {
  const inPair = p => p > 0 && p < flat.length && /[\ud800-\udbff]/.test(flat[p - 1]) && /[\udc00-\udfff]/.test(flat[p])
  return inPair(pos) ? pos - 1 : pos
}

const editText = (gen, text) => {
  const flat = flatText(text)
  const len = flat.length
  const range = () => {
    const at = boundary(flat, prng.int32(gen, 0, len - 1))
    const end = boundary(flat, Math.min(len, at + prng.int32(gen, 1, 6)))
    return [at, Math.max(end - at, 0)]
  }
  switch (prng.int32(gen, 0, 6)) {
    case 0: case 1: {
      const attrs = prng.bool(gen) ? undefined : { bold: true }
      text.insert(boundary(flat, prng.int32(gen, 0, len)), randomString(gen, 8), attrs)
      break
    }
    case 2: case 3:
      if (len > 0) {
        const [at, n] = range()
        if (n > 0) text.delete(at, n)
      }
      break
    case 4:
      if (len > 0) {
        const [at, n] = range()
        const value = prng.oneOf(gen, [{ bold: true }, { bold: null }, { color: '#ff0000' }, { italic: true, link: 'https://x.example/ü' }])
        if (n > 0) text.format(at, n, value)
      }
      break
    case 5:
      text.insertEmbed(boundary(flat, prng.int32(gen, 0, len)), { image: 'https://img.example/' + prng.int32(gen, 0, 9) + '.png' }, prng.bool(gen) ? { width: 20 } : {})
      break
    default:
      text.insert(boundary(flat, prng.int32(gen, 0, len)), '👍🏽😀')
  }
}

const editMap = (gen, map) => {
  const key = prng.oneOf(gen, KEYS)
  const r = prng.int32(gen, 0, 9)
  if (r < 5) map.set(key, randomAny(gen))
  else if (r < 7) map.set(key, randomTypeValue(gen))
  else map.delete(key)
}

const editArray = (gen, array) => {
  const len = array.length
  const r = prng.int32(gen, 0, 9)
  if (r < 4) {
    const n = prng.int32(gen, 1, 4)
    const values = []
    for (let i = 0; i < n; i++) values.push(randomAny(gen))
    array.insert(prng.int32(gen, 0, len), values)
  } else if (r < 5) {
    array.insert(prng.int32(gen, 0, len), [randomTypeValue(gen)])
  } else if (len > 0) {
    const at = prng.int32(gen, 0, len - 1)
    array.delete(at, prng.int32(gen, 1, Math.min(4, len - at)))
  }
}

const editXml = (gen, frag) => {
  const len = frag.length
  const r = prng.int32(gen, 0, 5)
  if (r < 2) {
    const el = new Y.XmlElement(prng.oneOf(gen, ['p', 'h1', 'li']))
    el.setAttribute('class', 'c' + prng.int32(gen, 0, 3))
    const t = new Y.XmlText()
    t.insert(0, randomString(gen, 6), prng.bool(gen) ? { strong: true } : undefined)
    el.insert(0, [t])
    frag.insert(prng.int32(gen, 0, len), [el])
  } else if (r < 3) {
    frag.insert(prng.int32(gen, 0, len), [new Y.XmlHook('hook')])
  } else if (r < 4 && len > 0) {
    const child = frag.get(prng.int32(gen, 0, len - 1))
    if (child instanceof Y.XmlElement) child.setAttribute('data-x', randomString(gen, 3))
  } else if (len > 0) {
    frag.delete(prng.int32(gen, 0, len - 1), 1)
  }
}

const randomEdit = (gen, doc) => {
  const nested = nestedTypes(doc)
  const r = prng.int32(gen, 0, 9)
  if (r < 3) editText(gen, doc.getText('text'))
  else if (r < 5) editMap(gen, doc.getMap('map'))
  else if (r < 7) editArray(gen, doc.getArray('array'))
  else if (r < 8) editXml(gen, doc.getXmlFragment('xml'))
  else if (nested.length > 0) {
    const t = prng.oneOf(gen, nested)
    if (t instanceof Y.Map) editMap(gen, t)
    else if (t instanceof Y.Array) editArray(gen, t)
    else editText(gen, t)
  } else editText(gen, doc.getText('text'))
}

const CLIENT_IDS = [1, 7, 300, 2 ** 31 + 11, 4294967295, 123456789, 42, 65536]

const fixture = ({ seed, docs = 3, steps = 120, syncRate = 0.15, snapshotRate = 0.05, svRate = 0.1, gc = true }) => {
  const gen = prng.create(seed)
  subdocCounter = seed * 1000
  const peers = []
  const updates = []
  const snapshots = []
  const svs = []
  for (let i = 0; i < docs; i++) {
    const doc = new Y.Doc({ gc: gc && i !== 1 }) // one peer keeps deleted content
    doc.clientID = CLIENT_IDS[(seed + i) % CLIENT_IDS.length]
    doc.on('update', (update, origin, d, tr) => { if (tr.local) updates.push({ doc: i, update: b64(update) }) })
    peers.push(doc)
  }
  for (let step = 0; step < steps; step++) {
    const doc = prng.oneOf(gen, peers)
    const ops = prng.int32(gen, 1, 3)
    doc.transact(() => { for (let k = 0; k < ops; k++) randomEdit(gen, doc) })
    if (prng.real53(gen) < syncRate) {
      const a = prng.oneOf(gen, peers)
      const b = prng.oneOf(gen, peers)
      if (a !== b) Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'sync')
    }
    if (prng.real53(gen) < snapshotRate) snapshots.push(b64(Y.encodeStateAsUpdate(prng.oneOf(gen, peers))))
    if (prng.real53(gen) < svRate) svs.push(b64(Y.encodeStateVector(prng.oneOf(gen, peers))))
  }
  // full sync, then every peer must agree
  for (const a of peers) for (const b of peers) if (a !== b) Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'sync')
  const final = describeDoc(peers[0])
  for (const p of peers) if (describeDoc(p) !== final) throw new Error('peers diverged for seed ' + seed)
  snapshots.push(b64(Y.encodeStateAsUpdate(peers[0])))
  const result = { updates, snapshots, svs, final, finalSv: b64(Y.encodeStateVector(peers[0])) }
  for (const p of peers) p.destroy()
  return result
}

// --- lib0 and y-protocols samples ---------------------------------------------------------------------

const LIB0_ANY_SAMPLES = [
  undefined, null, true, false, 0, -0, 1, -1, 63, 64, -64, 127, 128, 2 ** 31 - 1, -(2 ** 31 - 1), 2 ** 31, -(2 ** 31),
  2 ** 53 - 1, 0.5, 0.1, -2.75, 1e-7, 1e300, Infinity, -Infinity, NaN, 3.4028234663852886e38,
  '', 'ascii', 'é中😀', '\ud800', 'a\udc00b', 'x'.repeat(200), new Uint8Array([]), new Uint8Array([0, 1, 255]),
  [], [1, 'two', [3]], {}, { b: 1, a: 2, '10': 'ten', '2': 'two', nested: { deep: [null, undefined] } }, 12345678901234567n, -5n
]

const lib0Samples = () => {
  const anys = LIB0_ANY_SAMPLES.map(v => { const e = encoding.createEncoder(); encoding.writeAny(e, v); return b64(encoding.toUint8Array(e)) })
  const uints = [0, 1, 127, 128, 255, 256, 16383, 16384, 2 ** 21, 2 ** 28 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 35 + 7, 2 ** 49, 2 ** 53 - 1]
  const ints = [0, 1, -1, 63, -63, 64, -64, 8191, -8192, 2 ** 31 - 1, -(2 ** 31), 2 ** 40, -(2 ** 52), 2 ** 53 - 1, -(2 ** 53 - 1)]
  const strings = ['', 'a', 'é', '中文', '😀👍🏽', '\ud800', 'a\udfffb', '\ufeffbom', 'x'.repeat(20000)]
  const enc = (write, v) => { const e = encoding.createEncoder(); write(e, v); return b64(encoding.toUint8Array(e)) }
  return {
    anys,
    anyDescriptions: describeAnys(anys),
    uints: uints.map(v => ({ value: v, bytes: enc(encoding.writeVarUint, v) })),
    ints: ints.map(v => ({ value: v, bytes: enc(encoding.writeVarInt, v) })),
    strings: strings.map(v => ({ value: v, bytes: enc(encoding.writeVarString, v) }))
  }
}

const describeAnys = list => list.map(x => {
  try {
    return JSON.stringify(describeValue(decoding.readAny(decoding.createDecoder(bin(x)))))
  } catch (e) {
    return 'error: ' + e.message
  }
})

const protocolSamples = () => {
  const doc = new Y.Doc()
  doc.clientID = 99
  doc.getText('text').insert(0, 'hello 😀')
  const peer = new Y.Doc()
  peer.clientID = 5
  peer.getMap('map').set('k', 1)
  const frames = {}
  let e = encoding.createEncoder(); encoding.writeVarUint(e, 0); syncProtocol.writeSyncStep1(e, doc); frames.step1 = b64(encoding.toUint8Array(e))
  e = encoding.createEncoder(); encoding.writeVarUint(e, 0); syncProtocol.writeSyncStep2(e, doc, Y.encodeStateVector(peer)); frames.step2 = b64(encoding.toUint8Array(e))
  e = encoding.createEncoder(); encoding.writeVarUint(e, 0); syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(peer)); frames.update = b64(encoding.toUint8Array(e))
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalStateField('user', { name: 'Zoë 😀', color: '#f00' })
  e = encoding.createEncoder(); encoding.writeVarUint(e, 1); encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])); frames.awareness = b64(encoding.toUint8Array(e))
  e = encoding.createEncoder(); encoding.writeVarUint(e, 3); frames.queryAwareness = b64(encoding.toUint8Array(e))
  e = encoding.createEncoder(); encoding.writeVarUint(e, 2); authProtocol.writePermissionDenied(e, 'read only'); frames.permissionDenied = b64(encoding.toUint8Array(e))
  const result = {
    frames,
    stateVector: b64(Y.encodeStateVector(doc)),
    step2Update: b64(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer))),
    update: b64(Y.encodeStateAsUpdate(peer)),
    awarenessClock: awareness.meta.get(doc.clientID).clock,
    awarenessState: JSON.stringify(awareness.getLocalState())
  }
  awareness.destroy()
  return result
}

// Feeds frames to a y-websocket-style client: a doc and an awareness that know one remote peer.
const applyFrames = ({ frames, knownClient, knownClock }) => {
  const doc = new Y.Doc()
  doc.clientID = 1
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(null)
  const remote = encoding.createEncoder()
  encoding.writeVarUint(remote, 1)
  encoding.writeVarUint(remote, knownClient)
  encoding.writeVarUint(remote, knownClock)
  encoding.writeVarString(remote, JSON.stringify({ user: 'peer' }))
  awarenessProtocol.applyAwarenessUpdate(awareness, encoding.toUint8Array(remote), 'test')
  const seen = []
  for (const frame of frames.map(bin)) {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    if (type === 0) {
      const reply = encoding.createEncoder()
      seen.push('sync:' + syncProtocol.readSyncMessage(decoder, reply, doc, 'remote'))
    } else if (type === 1) {
      awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'remote')
      seen.push('awareness')
    } else if (type === 2) {
      authProtocol.readAuthMessage(decoder, doc, (_, reason) => seen.push('denied:' + reason))
    } else if (type === 3) {
      seen.push('query')
    }
  }
  const states = {}
  awareness.getStates().forEach((state, client) => { states[client] = state })
  const result = { seen, doc: describeDoc(doc), awareness: JSON.stringify(states) }
  awareness.destroy()
  return result
}

// --- request loop ---------------------------------------------------------------------------------------

const handlers = {
  fixture,
  merge: ({ updates }) => b64(Y.mergeUpdates(updates.map(bin))),
  diff: ({ update, sv }) => b64(Y.diffUpdate(bin(update), bin(sv))),
  sv: ({ update }) => b64(Y.encodeStateVectorFromUpdate(bin(update))),
  state: ({ updates }) => stateOf(updates.map(bin)),
  splitString: ({ text, offset }) => {
    const left = new Y.ContentString(text)
    const right = left.splice(offset)
    return [left.str, right.str]
  },
  lib0Samples,
  describeAnys: ({ anys }) => describeAnys(anys),
  jsonParses: ({ texts }) => texts.map(t => { try { JSON.parse(t); return true } catch { return false } }),
  decodeStrings: ({ strings }) => strings.map(x => decoding.readVarString(decoding.createDecoder(bin(x)))),
  protocolSamples,
  applyFrames
}

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', line => {
  let answer
  try {
    const request = JSON.parse(line)
    const handler = handlers[request.op]
    if (!handler) throw new Error('unknown op ' + request.op)
    answer = { ok: handler(request) }
  } catch (e) {
    answer = { error: String(e && e.stack ? e.stack : e) }
  }
  process.stdout.write(JSON.stringify(answer) + '\n')
})
