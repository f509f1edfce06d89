/** A typed client for the task API's /api/v1, the only place the app talks HTTP. */

import type { Level, MetricsWindow, Reputation } from './dashboard';

export interface Account {
  id: string;
  name: string;
  role: 'contributor' | 'requester' | 'moderator' | 'admin' | string;
  wallet: string | null;
  banned: boolean;
  groups: string[];
}

export interface LabelSchema {
  kind: 'single_choice' | 'multi_label' | 'spans';
  classes: string[];
}

export interface Project {
  id: number;
  name: string;
  instructions: string;
  labelSchema: LabelSchema;
  status: string;
  leaseSeconds: number;
  version: number;
  [more: string]: unknown;
}

export interface Assignment {
  leaseId: string;
  itemId: string;
  externalId: string;
  projectId: string;
  data: unknown;
  expiresAt: string;
}

export type LabelValue = { choice: string } | { choices: string[] } | { spans: Span[] };
export interface Span {
  start: number;
  end: number;
  label: string;
}

export interface OwnLabel {
  labelId: string;
  projectId: string;
  itemId: string;
  externalId: string;
  value: LabelValue;
  createdAt: string;
}

export interface ImportProgress {
  importId: string;
  status: 'running' | 'done' | 'failed' | string;
  itemsRead: number;
  itemsInserted: number;
  itemsSkipped: number;
  error?: string;
}

export interface ImportResult {
  importId: string;
  itemsRead: number;
  itemsInserted: number;
  itemsSkipped: number;
}

export interface ItemView {
  itemId: string;
  projectId: string;
  externalId: string;
  status: string;
  /** The text contributors read; span offsets point into it. */
  text?: string;
  /** The item as uploaded. */
  data?: unknown;
  gold?: boolean;
  /** A gold item's known answer (the API shows it to owners and moderators only). */
  goldLabel?: LabelValue | null;
  consensusLabel: string | null;
  overrideLabel: LabelValue | null;
  confidence: number | null;
  labelsUsed: number | null;
  labels?: Array<{ labelId: string; contributorId: string; value: LabelValue; createdAt: string }>;
}

export interface SearchResult {
  total: number;
  items: Array<{ itemId: string; externalId: string; text: string; status: string; consensusLabel?: string | null; confidence?: number | null }>;
}

export interface Contribution {
  labelId: string;
  epoch: number;
  itemId: string;
  projectId: string;
  weight: number;
  leafHash: string;
  merkleRoot: string;
  proof: string[] | null;
  chainId: number;
  txHash: string | null;
  blockNumber: number | null;
  status: string;
  recordedAt: string | null;
}

export type { MetricsWindow, Reputation } from './dashboard';

/** An RFC 9457 problem the API answered with, or a transport failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly type?: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }

  /** Worth sending again: the request may not have reached the server, or it was throttled. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 502 || this.status === 503;
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly fetchFn: Fetch = (i, init) => fetch(i, init),
    private readonly base = '/api/v1',
  ) {}

  me(): Promise<Account> {
    return this.json('GET', '/me');
  }

  async projects(): Promise<Project[]> {
    return (await this.json<{ projects: Project[] }>('GET', '/projects')).projects;
  }

  project(id: number | string): Promise<Project> {
    return this.json('GET', `/projects/${enc(id)}`);
  }

  createProject(body: Record<string, unknown>): Promise<Project> {
    return this.json('POST', '/projects', body);
  }

  /** Leases the next item, or null when none is available now (204). */
  async next(projectId: number | string): Promise<Assignment | null> {
    const r = await this.send('POST', `/projects/${enc(projectId)}/next`);
    return r.status === 204 ? null : ((await r.json()) as Assignment);
  }

  /**
   * Submits a label. The same idempotency key must be used for every re-send of one label, so a
   * retry after a lost response never stores it twice.
   */
  submitLabel(
    projectId: number | string,
    leaseId: string,
    label: LabelValue,
    idempotencyKey: string,
  ): Promise<{ labelId: string }> {
    return this.json('POST', `/projects/${enc(projectId)}/labels`, { leaseId, label }, {
      'Idempotency-Key': idempotencyKey,
    });
  }

  async skip(leaseId: string): Promise<void> {
    await this.send('POST', `/leases/${enc(leaseId)}/skip`);
  }

  async release(leaseId: string): Promise<void> {
    await this.send('POST', `/leases/${enc(leaseId)}/release`);
  }

  myLabels(limit = 20): Promise<{ labels: OwnLabel[]; nextCursor?: string | null }> {
    return this.json('GET', `/me/labels?limit=${limit}`);
  }

  progress(projectId: number | string): Promise<Record<string, unknown>> {
    return this.json('GET', `/projects/${enc(projectId)}/progress`);
  }

  reputation(limit = 100): Promise<Record<string, unknown>> {
    return this.json('GET', `/reputation?limit=${limit}`);
  }

  importProgress(importId: string): Promise<ImportProgress> {
    return this.json('GET', `/imports/${enc(importId)}`);
  }

  metrics(projectId: number | string, limit = 500): Promise<{ windows: MetricsWindow[] }> {
    return this.json('GET', `/projects/${enc(projectId)}/metrics?limit=${limit}`);
  }

  /** One page of the project's Lucene search; `query` comes from searchQuery(). */
  search(projectId: number | string, query: string): Promise<SearchResult> {
    return this.json('GET', `/projects/${enc(projectId)}/search${query}`);
  }

  reviewQueue(projectId: number | string, confidenceBelow = 0.8, limit = 50): Promise<{ items: ItemView[] }> {
    return this.json('GET', `/projects/${enc(projectId)}/review-queue?confidenceBelow=${confidenceBelow}&limit=${limit}`);
  }

  override(projectId: number | string, itemId: string, label: LabelValue, reason: string): Promise<ItemView> {
    return this.json('POST', `/projects/${enc(projectId)}/items/${enc(itemId)}/override`, { label, reason });
  }

  async ban(contributorId: string, reason: string): Promise<void> {
    await this.send('POST', `/contributors/${enc(contributorId)}/ban`, { reason });
  }

  async unban(contributorId: string, reason: string): Promise<void> {
    await this.send('DELETE', `/contributors/${enc(contributorId)}/ban`, { reason });
  }

  account(id: string): Promise<Account> {
    return this.json('GET', `/accounts/${enc(id)}`);
  }

  contributorReputation(id: string): Promise<{ contributorId: string; global: Reputation | null; projects: Reputation[]; level?: Level }> {
    return this.json('GET', `/contributors/${enc(id)}/reputation`);
  }

  myContributions(limit = 50): Promise<{ contributions: Contribution[] }> {
    return this.json('GET', `/me/contributions?limit=${limit}`);
  }

  /** The full URL of the live feed, for openStream (which adds the bearer header itself). */
  streamUrl(projectId?: string): string {
    return this.base + '/events/stream' + (projectId ? `?projectId=${enc(projectId)}` : '');
  }

  /**
   * Uploads a file as a stream under an id chosen here, so GET /imports/{id} can be polled while
   * it travels. XMLHttpRequest rather than fetch: only it reports bytes sent.
   */
  uploadItems(
    projectId: number | string,
    file: Blob,
    format: string,
    importId: string,
    onBytes: (sent: number, total: number) => void = () => {},
  ): Promise<ImportResult> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.base}/projects/${enc(projectId)}/items?format=${encodeURIComponent(format)}`);
      for (const [k, v] of Object.entries(this.authHeaders())) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Import-Id', importId);
      xhr.upload.onprogress = (e) => onBytes(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onerror = () => reject(new ApiError(0, 'Network error', 'the upload did not reach the server'));
      xhr.onload = () => {
        const headers = new Headers({ 'Content-Type': xhr.getResponseHeader('Content-Type') ?? '' });
        const r = new Response(xhr.responseText, { status: xhr.status, headers });
        if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as ImportResult);
        else void problemOf(r).then(reject);
      };
      xhr.send(file);
    });
  }

  /** Export URL; the browser cannot add a bearer header to a plain link, so callers fetch it. */
  exportPath(projectId: number | string, format: string): string {
    return `${this.base}/projects/${enc(projectId)}/export?format=${encodeURIComponent(format)}`;
  }

  async download(path: string): Promise<Blob> {
    const r = await this.sendRaw('GET', path.startsWith(this.base) ? path.slice(this.base.length) : path);
    return r.blob();
  }

  authHeaders(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}` };
  }

  async json<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const r = await this.send(method, path, body, headers);
    const text = await r.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.sendRaw(method, path, body, headers);
  }

  private async sendRaw(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const h: Record<string, string> = { Accept: 'application/json', ...this.authHeaders(), ...headers };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    let r: Response;
    try {
      r = await this.fetchFn(this.base + path, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, 'Network error', e instanceof Error ? e.message : String(e));
    }
    if (!r.ok) throw await problemOf(r);
    return r;
  }
}

/** Reads a problem+json body; any other error body still yields an ApiError with the status. */
export async function problemOf(r: Response): Promise<ApiError> {
  let title = r.statusText || `HTTP ${r.status}`;
  let detail: string | undefined;
  let type: string | undefined;
  try {
    const text = await r.text();
    const ct = r.headers.get('Content-Type') ?? '';
    if (text && ct.includes('json')) {
      const p = JSON.parse(text) as { title?: string; detail?: string; type?: string };
      title = p.title ?? title;
      detail = p.detail;
      type = p.type;
    } else if (text) {
      detail = text.slice(0, 200);
    }
  } catch {
    // The status alone is enough to report.
  }
  return new ApiError(r.status, title, detail, type);
}

function enc(v: number | string): string {
  return encodeURIComponent(String(v));
}

/** A fresh idempotency key; crypto.randomUUID needs a secure context, so fall back on getRandomValues. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') {
    try {
      return crypto.randomUUID();
    } catch {
      // Not a secure context (plain http on a LAN address).
    }
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The two public sign-in-with-Ethereum calls. They need no token, so they live outside ApiClient
 * and send no Authorization header.
 */
export function siweApi(fetchFn: Fetch = (i, init) => fetch(i, init), base = '/api/v1'): {
  nonce(): Promise<{ nonce: string; expiresAt: string }>;
  signIn(message: string, signature: string): Promise<{ token: string; account: Account }>;
} {
  const post = async <T>(path: string, body?: unknown): Promise<T> => {
    let r: Response;
    try {
      r = await fetchFn(base + path, {
        method: 'POST',
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, 'Network error', e instanceof Error ? e.message : String(e));
    }
    if (!r.ok) throw await problemOf(r);
    return (await r.json()) as T;
  };
  return {
    nonce: () => post('/auth/siwe/nonce'),
    signIn: (message, signature) => post('/auth/siwe', { message, signature }),
  };
}
