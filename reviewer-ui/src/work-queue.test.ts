import { describe, expect, it, vi } from 'vitest';
import { ApiError, type Assignment } from './api';
import { WorkQueue } from './work-queue';

function assignment(n: number): Assignment {
  return { leaseId: `L${n}`, itemId: `${n}`, externalId: `e${n}`, projectId: '1', data: { text: `t${n}` }, expiresAt: '' };
}

function fakeClient(items: number) {
  let handed = 0;
  return {
    next: vi.fn(async () => (handed < items ? assignment(++handed) : null)),
    submitLabel: vi.fn(async () => ({ labelId: 'x' })),
    skip: vi.fn(async () => {}),
    release: vi.fn(async () => {}),
  };
}

describe('WorkQueue', () => {
  it('leases one item ahead, so labeling shows the next one without asking the API', async () => {
    const client = fakeClient(3);
    const q = new WorkQueue(client, 1);
    expect((await q.start())?.leaseId).toBe('L1');
    await vi.waitFor(() => expect(client.next).toHaveBeenCalledTimes(2));
    const shown = await q.label({ choice: 'a' });
    expect(shown?.leaseId).toBe('L2');
    await q.settled();
    expect(client.submitLabel).toHaveBeenCalledWith(1, 'L1', { choice: 'a' }, expect.any(String));
  });

  it('shows the next item before the submission of the previous one completes', async () => {
    const client = fakeClient(2);
    let finish: (v: { labelId: string }) => void = () => {};
    client.submitLabel.mockImplementation(() => new Promise((r) => (finish = r)));
    const q = new WorkQueue(client, 1);
    await q.start();
    const shown = await q.label({ choice: 'a' });
    expect(shown?.leaseId).toBe('L2');
    expect(q.pending).toBe(1);
    finish({ labelId: 'x' });
    await q.settled();
    expect(q.pending).toBe(0);
  });

  it('re-sends a failed submission with the same idempotency key', async () => {
    const client = fakeClient(1);
    client.submitLabel
      .mockRejectedValueOnce(new ApiError(0, 'Network error', 'offline'))
      .mockResolvedValueOnce({ labelId: 'x' });
    const saved = vi.fn();
    const q = new WorkQueue(client, 1, { saved }, [1]);
    await q.start();
    expect(await q.label({ choice: 'a' })).toBeNull();
    await q.settled();
    expect(client.submitLabel).toHaveBeenCalledTimes(2);
    const keys = client.submitLabel.mock.calls.map((c) => (c as unknown[])[3]);
    expect(keys[0]).toBe(keys[1]);
    expect(saved).toHaveBeenCalledOnce();
  });

  it('reports a label the API refuses and does not re-send it', async () => {
    const client = fakeClient(1);
    client.submitLabel.mockRejectedValue(new ApiError(410, 'Lease expired', undefined));
    const failed = vi.fn();
    const q = new WorkQueue(client, 1, { failed }, [1]);
    await q.start();
    await q.label({ choice: 'a' });
    await q.settled();
    expect(client.submitLabel).toHaveBeenCalledTimes(1);
    expect(failed.mock.calls[0][1].status).toBe(410);
  });

  it('skips through the API and releases both held leases on close', async () => {
    const client = fakeClient(5);
    const q = new WorkQueue(client, 1);
    await q.start();
    expect((await q.skip())?.leaseId).toBe('L2');
    expect(client.skip).toHaveBeenCalledWith('L1');
    await q.close();
    expect(client.release.mock.calls.map((c) => (c as unknown[])[0]).sort()).toEqual(['L2', 'L3']);
  });
});
