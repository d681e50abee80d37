// Sign up / sign in panel. On success calls onSignedIn(); the JWT stays in sessionStorage.
import { api, session } from './api.js'
import { h, field, toast } from './dom.js'

export function authPanel (onSignedIn) {
  const msg = h('p', { class: 'form-msg', role: 'alert', id: 'auth-msg' })

  const inEmail = field('Email', { type: 'email', name: 'email', autocomplete: 'username', required: true, id: 'signin-email' })
  const inPass = field('Password', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'signin-password' })
  const signIn = h('form', { class: 'card', 'aria-labelledby': 'signin-h', id: 'signin-form' },
    h('h2', { id: 'signin-h' }, 'Sign in'), inEmail.wrap, inPass.wrap,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'))
  signIn.addEventListener('submit', async (e) => {
    e.preventDefault()
    msg.textContent = ''
    try {
      session.token = await api.signIn(inEmail.input.value.trim(), inPass.input.value)
      toast('Signed in')
      onSignedIn()
    } catch (err) {
      msg.textContent = 'Sign-in failed: ' + err.message
    }
  })

  const upName = field('Name', { name: 'name', autocomplete: 'name', required: true, id: 'signup-name' })
  const upEmail = field('Email', { type: 'email', name: 'email', autocomplete: 'email', required: true, id: 'signup-email' })
  const upPass = field('Password (8 characters or more)', { type: 'password', name: 'password', autocomplete: 'new-password', minLength: 8, required: true, id: 'signup-password' })
  const upConfirm = field('Confirm password', { type: 'password', name: 'passwordConfirm', autocomplete: 'new-password', minLength: 8, required: true, id: 'signup-confirm' })
  const signUp = h('form', { class: 'card', 'aria-labelledby': 'signup-h', id: 'signup-form' },
    h('h2', { id: 'signup-h' }, 'Create an account'), upName.wrap, upEmail.wrap, upPass.wrap, upConfirm.wrap,
    h('button', { type: 'submit' }, 'Sign up'))
  signUp.addEventListener('submit', async (e) => {
    e.preventDefault()
    msg.textContent = ''
    if (upPass.input.value !== upConfirm.input.value) {
      msg.textContent = 'The two passwords differ.'
      upConfirm.input.focus()
      return
    }
    try {
      const email = upEmail.input.value.trim()
      await api.signUp({ name: upName.input.value.trim(), email, password: upPass.input.value, passwordConfirm: upConfirm.input.value })
      session.token = await api.signIn(email, upPass.input.value)
      toast('Account created, signed in')
      onSignedIn()
    } catch (err) {
      msg.textContent = 'Sign-up failed: ' + err.message
    }
  })

  return h('section', { class: 'panel auth', id: 'panel-auth', 'aria-label': 'Sign in or sign up' },
    msg, h('div', { class: 'grid2' }, signIn, signUp))
}
