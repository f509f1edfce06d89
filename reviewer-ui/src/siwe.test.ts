import { describe, expect, it } from 'vitest';
import fixture from './siwe.fixture.json';
import { browserWallet, type Eip1193Provider, siweMessage, STATEMENT, toChecksumAddress, utf8Hex, walletSignIn } from './siwe';

describe('EIP-4361 message', () => {
  it('is byte for byte the text the API accepts (the shared fixture)', () => {
    const text = siweMessage({
      domain: fixture.host,
      address: toChecksumAddress(fixture.wallet),
      statement: STATEMENT,
      uri: fixture.origin + '/',
      chainId: 1337,
      nonce: fixture.nonce,
      issuedAt: fixture.now,
      expirationTime: '2026-11-27T12:05:00.000Z',
    });
    expect(text).toBe(fixture.message);
    expect(text.endsWith('\n')).toBe(false);
  });

  it('checksums addresses as EIP-55 does', () => {
    // The EIP's own examples, given in lower case.
    for (const a of ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb']) {
      expect(toChecksumAddress(a.toLowerCase())).toBe(a);
    }
    expect(() => toChecksumAddress('0x123')).toThrow();
  });

  it('leaves out the statement with the blank line the grammar then asks for', () => {
    const text = siweMessage({ domain: 'a.b', address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', uri: 'https://a.b/', chainId: 1, nonce: 'abcdefgh', issuedAt: '2026-01-01T00:00:00Z' });
    expect(text.split('\n').slice(1, 5)).toEqual(['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '', '', 'URI: https://a.b/']);
  });

  it('hex-encodes the UTF-8 bytes for personal_sign', () => {
    expect(utf8Hex('Aé')).toBe('0x41c3a9');
  });
});

describe('wallet sign-in', () => {
  it('asks for an account, signs the message with a nonce and trades it for a token', async () => {
    const calls: Array<{ method: string; params?: unknown[] }> = [];
    const wallet: Eip1193Provider = {
      request: async (a) => {
        calls.push(a);
        if (a.method === 'eth_requestAccounts') return [fixture.wallet];
        if (a.method === 'eth_chainId') return fixture.chainIdHex;
        if (a.method === 'personal_sign') return '0x' + 'ab'.repeat(65);
        throw new Error('unexpected ' + a.method);
      },
    };
    const posted: Array<[string, string]> = [];
    const session = await walletSignIn(
      wallet,
      {
        nonce: async () => ({ nonce: fixture.nonce }),
        signIn: async (m, s) => {
          posted.push([m, s]);
          return { token: 'tok', account: { id: '9' } };
        },
      },
      { host: fixture.host, origin: fixture.origin },
      new Date(fixture.now),
    );
    expect(session.token).toBe('tok');
    expect(calls.map((c) => c.method)).toEqual(['eth_requestAccounts', 'eth_chainId', 'personal_sign']);
    expect(calls[2].params).toEqual([utf8Hex(fixture.message), '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266']);
    expect(posted).toEqual([[fixture.message, '0x' + 'ab'.repeat(65)]]);
  });

  it('stops when the user refuses to sign, without posting anything', async () => {
    const wallet: Eip1193Provider = {
      request: async (a) => {
        if (a.method === 'eth_requestAccounts') return [fixture.wallet];
        if (a.method === 'eth_chainId') return '0x1';
        throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
      },
    };
    let posted = false;
    await expect(
      walletSignIn(wallet, { nonce: async () => ({ nonce: 'abcdefgh' }), signIn: async () => ((posted = true), { token: '', account: {} }) }, { host: 'h', origin: 'http://h' }),
    ).rejects.toThrow('User rejected');
    expect(posted).toBe(false);
  });

  it('finds only a provider with a request method', () => {
    expect(browserWallet({} as Window)).toBeNull();
    expect(browserWallet({ ethereum: {} } as unknown as Window)).toBeNull();
    expect(browserWallet({ ethereum: { request: async () => null } } as unknown as Window)).not.toBeNull();
  });
});
