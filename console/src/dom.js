// A tiny element builder: h('button', { onclick, class: 'x' }, 'text', child ...). Text is always
// set as text (never parsed as HTML), so server data cannot inject markup.

export function h (tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v)
    else if (k === 'class') el.className = v
    else if (k === 'text') el.textContent = v
    else if (k in el && typeof v !== 'string') el[k] = v
    else el.setAttribute(k, v === true ? '' : v)
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue
    el.append(c instanceof Node ? c : document.createTextNode(String(c)))
  }
  return el
}

let fieldSeq = 0
/** A labelled form field: <label for=id>text</label><input id=id ...>. Returns { wrap, input }. */
export function field (label, attrs = {}, tag = 'input') {
  const id = attrs.id || `f${++fieldSeq}`
  const input = h(tag, { ...attrs, id })
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), input)
  return { wrap, input }
}

export function toast (message, kind = 'info') {
  const t = document.getElementById('toast')
  t.textContent = message
  t.dataset.kind = kind
  t.classList.add('show')
  clearTimeout(toast.timer)
  toast.timer = setTimeout(() => t.classList.remove('show'), 4000)
}

/** Runs an async UI action; a failure becomes an error toast instead of an unhandled rejection. */
export async function attempt (fn, what) {
  try {
    return await fn()
  } catch (e) {
    toast(`${what}: ${e.message}`, 'error')
    return undefined
  }
}
