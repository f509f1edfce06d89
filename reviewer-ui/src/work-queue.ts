import { ApiError, newKey, type ApiClient, type Assignment, type LabelValue } from './api';

type WorkClient = Pick<ApiClient, 'next' | 'submitLabel' | 'skip' | 'release'>;

export interface QueueEvents {
  /** A label was stored (or a re-send confirmed it). */
  saved?(a: Assignment, labelId: string): void;
  /** A label or skip could not be stored after retries; the item is gone from the screen. */
  failed?(a: Assignment, error: ApiError): void;
}

/**
 * The contributor's work: the item on screen and one leased ahead of it, so a label or skip shows
 * the following item at once while the submission travels in the background.
 *
 * The ahead item is leased while the current one is still on screen; with leases of minutes and
 * a labeling pace of seconds the extra lease costs nothing, and it is released when the session
 * leaves the project.
 */
export class WorkQueue {
  current: Assignment | null = null;
  private ahead: Promise<Assignment | null> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly client: WorkClient,
    readonly projectId: number | string,
    private readonly events: QueueEvents = {},
    private readonly retryDelaysMs: number[] = [300, 1000, 3000],
  ) {}

  /** Leases the first item (and one ahead); null when none is available. */
  async start(): Promise<Assignment | null> {
    this.current = await this.client.next(this.projectId);
    if (this.current) this.prefetch();
    return this.current;
  }

  /** Labels the current item; resolves with the item to show next (already leased ahead). */
  async label(value: LabelValue): Promise<Assignment | null> {
    const done = this.requireCurrent();
    const key = newKey();
    this.track(
      this.withRetry(() => this.client.submitLabel(this.projectId, done.leaseId, value, key)).then(
        (r) => this.events.saved?.(done, r.labelId),
        (e: ApiError) => this.events.failed?.(done, e),
      ),
    );
    return this.advance();
  }

  /** Skips the current item: it will not be offered to this contributor again. */
  async skip(): Promise<Assignment | null> {
    const done = this.requireCurrent();
    this.track(
      this.withRetry(() => this.client.skip(done.leaseId)).catch((e: ApiError) => this.events.failed?.(done, e)),
    );
    return this.advance();
  }

  /** Asks again after the queue ran dry. */
  async retry(): Promise<Assignment | null> {
    if (this.current) return this.current;
    return this.start();
  }

  /** Submissions still travelling. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves once every submission sent so far is settled. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Gives both leases back, so the items go to someone else now rather than at expiry. */
  async close(): Promise<void> {
    this.closed = true;
    const leases: string[] = [];
    if (this.current) leases.push(this.current.leaseId);
    const ahead = this.ahead ? await this.ahead : null;
    if (ahead) leases.push(ahead.leaseId);
    this.current = null;
    this.ahead = null;
    await Promise.allSettled(leases.map((id) => this.client.release(id)));
    await this.settled();
  }

  private async advance(): Promise<Assignment | null> {
    const upcoming = this.ahead ? await this.ahead : await this.fetchNext();
    this.ahead = null;
    this.current = upcoming;
    if (upcoming && !this.closed) this.prefetch();
    return upcoming;
  }

  private prefetch(): void {
    this.ahead = this.fetchNext();
  }

  /** A failed look-ahead is not an error yet: the next advance asks again. */
  private fetchNext(): Promise<Assignment | null> {
    return this.withRetry(() => this.client.next(this.projectId)).catch(() => null);
  }

  private requireCurrent(): Assignment {
    if (!this.current) throw new Error('no item on screen');
    return this.current;
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async withRetry<T>(op: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await op();
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(0, 'Error', String(e));
        if (!err.retryable || attempt >= this.retryDelaysMs.length) throw err;
        await new Promise((r) => setTimeout(r, this.retryDelaysMs[attempt]));
      }
    }
  }
}
