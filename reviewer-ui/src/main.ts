import './style.css';
import { ApiClient } from './api';
import { h, replace } from './dom';
import { clearSession, loadSession, type Session } from './session';
import { contributorView } from './views/contributor';
import { signInView } from './views/signin';

/**
 * Hash routes, so the task API serves one index.html and needs no history fallback. The roles only
 * choose which views to offer: the API checks every request itself.
 */
type View = (root: HTMLElement, c: ApiClient) => () => void;
type Route = { path: string; title: string; roles: string[]; show: View | (() => Promise<View>) };

const routes: Route[] = [
  { path: '#/work', title: 'Label', roles: ['contributor', 'admin'], show: contributorView },
  // The requester's and moderator's screens (and Chart.js with them) load on first use, so the
  // contributor's labeling screen, the one opened most, stays small.
  { path: '#/projects', title: 'Projects', roles: ['requester', 'admin'], show: lazy(() => import('./views/requester').then((m) => m.requesterView)) },
  { path: '#/reputation', title: 'Dashboard', roles: ['moderator', 'admin'], show: lazy(() => import('./views/moderator').then((m) => m.moderatorView)) },
  { path: '#/review', title: 'Review queue', roles: ['moderator', 'admin'], show: lazy(() => import('./views/moderator').then((m) => m.reviewView)) },
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
  const client = new ApiClient(session.token);
  if (!isLazy(route.show)) {
    leaveCurrent = route.show(app, client);
    return;
  }
  // A route changed while the code loaded must not be overwritten by the older one.
  const shown = ++renders;
  let left = false;
  leaveCurrent = () => {
    left = true;
  };
  replace(app, h('p', { class: 'hint' }, 'Loading…'));
  route.show().then(
    (view) => {
      if (!left && shown === renders) leaveCurrent = view(app, client);
    },
    (e) => replace(app, h('p', { class: 'error', role: 'alert' }, `Could not load this view: ${String(e)}`)),
  );
}

let renders = 0;

function lazy(load: () => Promise<View>): () => Promise<View> {
  const f = () => load();
  (f as { lazy?: true }).lazy = true;
  return f;
}

function isLazy(show: Route['show']): show is () => Promise<View> {
  return (show as { lazy?: true }).lazy === true;
}

function allowed(s: Session): Route[] {
  return routes.filter((r) => r.roles.includes(s.account.role));
}

window.addEventListener('hashchange', render);
render();
