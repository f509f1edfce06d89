import { keccak_256 } from '@noble/hashes/sha3';

/**
 * Sign-In with Ethereum (EIP-4361) in the browser: the message text, built exactly as the task
 * API's parser (SiweMessage.java) reads it, and the flow through an EIP-1193 wallet.
 */

/** The fields of one sign-in message. */
export interface SiweFields {
  /** The API's authority, `host[:port]`: the API refuses a message for any other domain. */
  domain: string;
  /** EIP-55 checksummed; the API refuses any other spelling. */
  address: string;
  statement?: string;
  uri: string;
  chainId: number;
  nonce: string;
  /** RFC 3339. */
  issuedAt: string;
  expirationTime?: string;
}

/** What the wallet shows and the API asks for, in one sentence. */
export const STATEMENT = 'Sign in to Jury to label and get paid.';

/** How long a message stays valid: long enough to read it in the wallet, short if it leaks. */
export const MESSAGE_LIFETIME_MS = 5 * 60_000;

/**
 * The EIP-4361 text: header, address, blank, statement, blank, then one field per line, lines
 * joined by LF with no trailing newline (the API refuses CR and anything after the last field).
 */
export function siweMessage(f: SiweFields): string {
  const lines = [`${f.domain} wants you to sign in with your Ethereum account:`, f.address, ''];
  if (f.statement) lines.push(f.statement, '');
  else lines.push('');
  lines.push(`URI: ${f.uri}`, 'Version: 1', `Chain ID: ${f.chainId}`, `Nonce: ${f.nonce}`, `Issued At: ${f.issuedAt}`);
  if (f.expirationTime) lines.push(`Expiration Time: ${f.expirationTime}`);
  return lines.join('\n');
}

/** EIP-55: a hex letter is upper case where the keccak-256 of the lower-case address has a nibble ≥ 8. */
export function toChecksumAddress(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new Error(`not an address: ${address}`);
  const lower = address.slice(2).toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1] >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    out += nibble >= 8 ? lower[i].toUpperCase() : lower[i];
  }
  return out;
}

/** The message as personal_sign takes it: 0x-hex of its UTF-8 bytes. */
export function utf8Hex(text: string): string {
  return '0x' + Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The part of an EIP-1193 provider this app uses. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** The injected wallet, if the browser has one. */
export function browserWallet(w: Window = window): Eip1193Provider | null {
  const p = (w as unknown as { ethereum?: Partial<Eip1193Provider> }).ethereum;
  return p && typeof p.request === 'function' ? (p as Eip1193Provider) : null;
}

/** The two public sign-in calls of the API. */
export interface SiweApi {
  nonce(): Promise<{ nonce: string }>;
  signIn(message: string, signature: string): Promise<{ token: string; account: unknown }>;
}

/**
 * Asks the wallet for an account, gets a nonce, has the wallet sign the message and trades the
 * signature for an API token.
 *
 * @param origin where the UI is served: its host names the domain, and it is the message's URI
 */
export async function walletSignIn(
  wallet: Eip1193Provider,
  api: SiweApi,
  origin: { host: string; origin: string },
  now: Date = new Date(),
): Promise<{ token: string; account: unknown }> {
  const accounts = (await wallet.request({ method: 'eth_requestAccounts' })) as string[];
  if (!Array.isArray(accounts) || !accounts.length) throw new Error('the wallet gave no account');
  const address = toChecksumAddress(accounts[0]);
  const chainId = await wallet.request({ method: 'eth_chainId' }).then(
    (id) => Number.parseInt(String(id), 16) || 1,
    () => 1,
  );
  const { nonce } = await api.nonce();
  const message = siweMessage({
    domain: origin.host,
    address,
    statement: STATEMENT,
    uri: origin.origin + '/',
    chainId,
    nonce,
    issuedAt: now.toISOString(),
    expirationTime: new Date(now.getTime() + MESSAGE_LIFETIME_MS).toISOString(),
  });
  const signature = (await wallet.request({ method: 'personal_sign', params: [utf8Hex(message), address] })) as string;
  return api.signIn(message, signature);
}
