import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, newKey } from './api';

function reply(status: number, body?: unknown, type = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': type },
  });
}

describe('ApiClient', () => {
  it('sends the bearer token and the idempotency key with a label', async () => {
    const fetch = vi.fn().mockResolvedValue(reply(201, { labelId: 'L1' }));
    const client = new ApiClient('tok-1', fetch);
    const r = await client.submitLabel(7, 'lease-9', { choice: 'pos' }, 'key-1');
    expect(r.labelId).toBe('L1');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/v1/projects/7/labels');
    expect(init.method).toBe('POST');
    expect(init.headers.Authorization).toBe('Bearer tok-1');
    expect(init.headers['Idempotency-Key']).toBe('key-1');
    expect(JSON.parse(init.body)).toEqual({ leaseId: 'lease-9', label: { choice: 'pos' } });
  });

  it('reads 204 from next as no item', async () => {
    const client = new ApiClient('t', vi.fn().mockResolvedValue(new Response(null, { status: 204 })));
    expect(await client.next(1)).toBeNull();
  });

  it('turns a problem+json body into an ApiError with title and detail', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValue(reply(410, { title: 'Lease expired', detail: 'lease x ended' }, 'application/problem+json'));
    const err = await new ApiClient('t', fetch).submitLabel(1, 'x', { choice: 'a' }, 'k').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(410);
    expect(err.title).toBe('Lease expired');
    expect(err.detail).toBe('lease x ended');
    expect(err.retryable).toBe(false);
  });

  it('reports a network failure as a retryable status-0 error', async () => {
    const err = await new ApiClient('t', vi.fn().mockRejectedValue(new TypeError('offline'))).me().catch((e) => e);
    expect(err.status).toBe(0);
    expect(err.retryable).toBe(true);
  });

  it('escapes path segments', async () => {
    const fetch = vi.fn().mockResolvedValue(new Response(null, { status: 204 }));
    await new ApiClient('t', fetch).skip('a/../b');
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/leases/a%2F..%2Fb/skip');
  });

  it('makes distinct version-4 idempotency keys', () => {
    const a = newKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newKey()).not.toBe(a);
  });
});
