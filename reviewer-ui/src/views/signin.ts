import { ApiClient, ApiError, siweApi, type Account } from '../api';
import { h, replace } from '../dom';
import { saveSession, type Session } from '../session';
import { browserWallet, walletSignIn } from '../siwe';

/**
 * Sign-in with an API token, or with a browser wallet (EIP-4361) where one is injected. Wallet
 * sign-in makes or finds a contributor account bound to the wallet; other roles use tokens.
 */
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
      done({ token, account });
    } catch (err) {
      error.textContent =
        err instanceof ApiError && err.status === 401 ? 'That token is not valid.' : `Sign-in failed: ${String(err)}`;
      input.focus();
    }
  });
  const done = (session: Session) => {
    saveSession(session);
    onSignedIn(session);
  };
  replace(root, form, walletPanel(done));
  input.focus();
}

function walletPanel(done: (s: Session) => void): HTMLElement {
  const button = h('button', { type: 'button', id: 'wallet-signin', 'aria-describedby': 'wallet-note' }, 'Sign in with wallet');
  const note = h('p', { id: 'wallet-note', class: 'hint', role: 'status', 'aria-live': 'polite' });
  const setAvailable = () => {
    const available = browserWallet() !== null;
    button.disabled = !available;
    note.textContent = available
      ? 'Your wallet asks you to sign a sign-in message; nothing is sent on chain and nothing is paid.'
      : 'No browser wallet found. Install one (EIP-1193, such as MetaMask) to sign in with it, or use a token.';
  };
  setAvailable();
  // Some wallets inject themselves after the page's scripts ran, then announce it with this event.
  window.addEventListener('ethereum#initialized', setAvailable, { once: true });
  button.addEventListener('click', async () => {
    const wallet = browserWallet();
    if (!wallet) return setAvailable();
    button.disabled = true;
    note.textContent = 'Waiting for your wallet…';
    try {
      const s = await walletSignIn(wallet, siweApi(), { host: location.host, origin: location.origin });
      done({ token: s.token, account: s.account as Account });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      note.textContent =
        code === 4001
          ? 'The wallet request was declined.'
          : `Wallet sign-in failed: ${err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err)}`;
      button.disabled = false;
    }
  });
  return h('section', { class: 'card narrow', id: 'wallet' }, h('h2', {}, 'Or use a wallet'), button, note);
}
