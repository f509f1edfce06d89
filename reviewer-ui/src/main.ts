import './style.css';
import { ApiClient } from './api';
import { h, replace } from './dom';
import { clearSession, loadSession, type Session } from './session';
import { contributorView } from './views/contributor';
import { moderatorView } from './views/moderator';
import { signInView } from './views/signin';

/** Hash routes, so the task API serves one index.html and needs no history fallback. */
type Route = { path: string; title: string; roles: string[]; show(root: HTMLElement, c: ApiClient): () => void };

const routes: Route[] = [
  { path: '#/work', title: 'Label', roles: ['contributor', 'admin'], show: contributorView },
  { path: '#/reputation', title: 'Reputation', roles: ['moderator', 'admin'], show: moderatorView },
];

const app = document.getElementById('app') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const who = document.getElementById('who') as HTMLElement;
let leaveCurrent: () => void = () => {};

function render(): void {
  leaveCurrent();
  leaveCurrent = () => {};
  const session = loadSession();
  if (!session) {
    replace(nav);
    replace(who);
    signInView(app, (s: Session) => {
      const target = allowed(s)[0]?.path ?? '#/work';
      // Changing the hash renders through the hashchange listener; render here only when it
      // does not change, or the view would be built twice.
      if (location.hash === target) render();
      else location.hash = target;
    });
    return;
  }
  const mine = allowed(session);
  const route = mine.find((r) => r.path === location.hash) ?? mine[0];
  const signOut = h('button', { type: 'button', id: 'sign-out', class: 'link' }, 'Sign out');
  signOut.addEventListener('click', () => {
    clearSession();
    location.hash = '';
    render();
  });
  replace(
    nav,
    ...mine.map((r) => h('a', { href: r.path, 'aria-current': r === route ? 'page' : undefined }, r.title)),
  );
  replace(who, `${session.account.name} (${session.account.role}) `, signOut);
  if (!route) {
    replace(app, h('p', { class: 'card' }, 'There is no view for this account yet.'));
    return;
  }
  document.title = `Jury · ${route.title}`;
  leaveCurrent = route.show(app, new ApiClient(session.token));
}

function allowed(s: Session): Route[] {
  return routes.filter((r) => r.roles.includes(s.account.role));
}

window.addEventListener('hashchange', render);
render();
