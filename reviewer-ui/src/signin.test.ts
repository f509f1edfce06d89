import { afterEach, describe, expect, it, vi } from 'vitest';
import fixture from './siwe.fixture.json';
import { loadSession } from './session';
import { signInView } from './views/signin';

async function until<T>(probe: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

describe('sign-in view', () => {
  afterEach(() => {
    delete (window as { ethereum?: unknown }).ethereum;
    vi.unstubAllGlobals();
    sessionStorage.clear();
    document.body.replaceChildren();
  });

  it('disables wallet sign-in without a wallet, and enables it when one announces itself', () => {
    const root = document.createElement('main');
    signInView(root, () => {});
    const button = root.querySelector<HTMLButtonElement>('#wallet-signin')!;
    expect(button.disabled).toBe(true);
    expect(root.querySelector('#wallet-note')!.textContent).toContain('No browser wallet');
    (window as { ethereum?: unknown }).ethereum = { request: async () => null };
    window.dispatchEvent(new Event('ethereum#initialized'));
    expect(button.disabled).toBe(false);
  });

  it('signs in with a wallet and keeps the token like a token sign-in', async () => {
    const signed: string[] = [];
    (window as { ethereum?: unknown }).ethereum = {
      request: async ({ method, params }: { method: string; params?: unknown[] }) => {
        if (method === 'eth_requestAccounts') return [fixture.wallet];
        if (method === 'eth_chainId') return fixture.chainIdHex;
        if (method === 'personal_sign') {
          signed.push(String(params![0]));
          return '0x' + '11'.repeat(65);
        }
        throw new Error(method);
      },
    };
    const account = { id: '5', name: 'wallet-f39f', role: 'contributor', wallet: fixture.wallet, banned: false, groups: [] };
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
      if (url === '/api/v1/auth/siwe/nonce') return json(201, { nonce: 'Zz12345678', expiresAt: 'x' });
      if (url === '/api/v1/auth/siwe') {
        expect((init?.headers as Record<string, string>).Authorization).toBeUndefined();
        posted.push(JSON.parse(String(init?.body)));
        return json(200, { token: 'jury_tok', account });
      }
      return json(404, {});
    });
    const root = document.createElement('main');
    let signedIn: unknown = null;
    signInView(root, (s) => (signedIn = s));
    root.querySelector<HTMLButtonElement>('#wallet-signin')!.click();
    await until(() => signedIn);
    expect(signedIn).toEqual({ token: 'jury_tok', account });
    expect(loadSession()).toEqual({ token: 'jury_tok', account });
    const message = (posted[0] as { message: string }).message;
    expect(message).toContain('\nNonce: Zz12345678\n');
    expect(message.startsWith(`${location.host} wants you to sign in`)).toBe(true);
    expect(signed).toEqual(['0x' + Array.from(new TextEncoder().encode(message), (b) => b.toString(16).padStart(2, '0')).join('')]);
  });
});
