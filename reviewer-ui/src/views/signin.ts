import { ApiClient, ApiError } from '../api';
import { h, replace } from '../dom';
import { saveSession, type Session } from '../session';

/** Sign-in with an API token (wallet sign-in is for the wallet-enabled build). */
export function signInView(root: HTMLElement, onSignedIn: (s: Session) => void): void {
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
    'aria-describedby': 'token-help',
  });
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const form = h(
    'form',
    { class: 'card narrow', id: 'signin' },
    h('h1', {}, 'Sign in'),
    h('label', { for: 'token' }, 'API token'),
    input,
    h('p', { id: 'token-help', class: 'hint' }, 'Kept in this tab only; closing the tab signs you out.'),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    try {
      const account = await new ApiClient(token).me();
      const session = { token, account };
      saveSession(session);
      onSignedIn(session);
    } catch (err) {
      error.textContent =
        err instanceof ApiError && err.status === 401 ? 'That token is not valid.' : `Sign-in failed: ${String(err)}`;
      input.focus();
    }
  });
  replace(root, form);
  input.focus();
}
