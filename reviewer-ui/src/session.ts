import type { Account } from './api';

/**
 * The signed-in token lives in sessionStorage: it survives a reload but not closing the tab, and
 * it is never written to localStorage or a cookie.
 */
const KEY = 'jury.session';

export interface Session {
  token: string;
  account: Account;
}

export function loadSession(storage: Storage = sessionStorage): Session | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return typeof s.token === 'string' && s.account ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session, storage: Storage = sessionStorage): void {
  storage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(KEY);
}
