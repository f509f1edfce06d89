/** The data behind the requester's and moderator's screens, kept apart from the DOM for tests. */

export interface Reputation {
  contributorId: string;
  projectId?: string | null;
  score: number;
  lowerBound: number;
  goldAnswered: number;
  goldCorrect: number;
  consensusAnswered: number;
  consensusAgreed: number;
  updatedAt?: number;
  /** Present in the API's reputation views; the live feed's events do not carry it. */
  level?: Level;
}

export interface MetricsWindow {
  projectId?: string;
  windowStart: number;
  windowEnd: number;
  krippendorffAlpha: number | null;
  labelsPerMinute: number;
  labelsSubmitted?: number;
  itemsResolved?: number;
}

/**
 * The leaderboard after a reputation-updated event: the contributor's global row replaced (or
 * added) and the order by lower bound, as the API ranks it. Per-project updates do not change
 * the global board. Returns the same array when nothing changed.
 */
export function applyReputation(rows: Reputation[], update: Reputation): Reputation[] {
  if (update.projectId) return rows;
  const old = rows.find((r) => r.contributorId === update.contributorId);
  // Events can arrive out of order after a reconnect; an older update never replaces a newer one.
  if (old && old.updatedAt !== undefined && update.updatedAt !== undefined && old.updatedAt > update.updatedAt) return rows;
  const next = rows.filter((r) => r.contributorId !== update.contributorId);
  next.push(update);
  next.sort((a, b) => b.lowerBound - a.lowerBound || b.score - a.score);
  return next;
}

/**
 * Metrics windows by project, oldest first, one entry per window end (a re-emitted window replaces
 * the earlier copy), at most `keep` per project so a dashboard left open stays small.
 */
export class MetricsSeries {
  private readonly byProject = new Map<string, MetricsWindow[]>();

  constructor(private readonly keep = 120) {}

  add(projectId: string, w: MetricsWindow): void {
    const list = this.byProject.get(projectId) ?? [];
    const i = list.findIndex((x) => x.windowEnd === w.windowEnd);
    if (i >= 0) list[i] = w;
    else {
      list.push(w);
      list.sort((a, b) => a.windowEnd - b.windowEnd);
    }
    if (list.length > this.keep) list.splice(0, list.length - this.keep);
    this.byProject.set(projectId, list);
  }

  projects(): string[] {
    return [...this.byProject.keys()].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  }

  windows(projectId: string): MetricsWindow[] {
    return this.byProject.get(projectId) ?? [];
  }

  /** Labels per minute across projects: the latest window of each, summed. */
  labelsPerMinute(): number {
    let sum = 0;
    for (const list of this.byProject.values()) sum += list[list.length - 1]?.labelsPerMinute ?? 0;
    return sum;
  }
}

export interface SearchFilters {
  q?: string;
  status?: string;
  label?: string;
  confidenceBelow?: string;
  contributor?: string;
  limit?: number;
  offset?: number;
}

/** The search route's query string; empty filters are left out. */
export function searchQuery(f: SearchFilters): string {
  const p = new URLSearchParams();
  const put = (k: string, v: string | number | undefined) => {
    if (v === undefined) return;
    const s = String(v).trim();
    if (s) p.set(k, s);
  };
  put('q', f.q);
  put('status', f.status);
  put('label', f.label);
  put('confidenceBelow', f.confidenceBelow);
  put('contributor', f.contributor);
  put('limit', f.limit);
  put('offset', f.offset);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface Progress {
  items: { total: number; open: number; resolved: number; exhausted: number; overridden: number; gold: number };
  labels: { submitted: number; planned: number; used: number };
  latestMetrics: MetricsWindow | null;
  cost: { rewardPerLabel: string; soFar: string };
}

/** Share done, in whole percent, never NaN. */
export function percent(part: number, whole: number): number {
  if (!(whole > 0)) return 0;
  return Math.min(100, Math.max(0, Math.round((part / whole) * 100)));
}

/** Items finished (resolved, exhausted or overridden) and labels used against the plan. */
export function progressFigures(p: Progress): { done: number; total: number; donePct: number; usedPct: number } {
  const done = p.items.resolved + p.items.exhausted + p.items.overridden;
  return {
    done,
    total: p.items.total,
    donePct: percent(done, p.items.total),
    usedPct: percent(p.labels.submitted, p.labels.planned),
  };
}

/** A token amount in its smallest unit, grouped by thousands; exact for any size (a string). */
export function groupDigits(amount: string): string {
  return amount.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** A contributor's level as the API reports it (its rule lives in one place: the API). */
export interface Level {
  name: string;
  /** The lower bound this level starts at. */
  from: number;
  /** The lower bound of the next level; absent at the top. */
  next?: number | null;
}

/** The level line of the standing panel; "Not rated yet" when the API sent none. */
export function levelText(level: Level | null | undefined, pct: (n: number) => string): string {
  if (!level) return 'Not rated yet';
  return level.name + (level.next == null ? '' : ` (next at a lower bound of ${pct(level.next)})`);
}

/** Accuracy on gold, or null before any gold item was answered. */
export function goldAccuracy(rep: Pick<Reputation, 'goldAnswered' | 'goldCorrect'> | null | undefined): number | null {
  if (!rep || !(rep.goldAnswered > 0)) return null;
  return rep.goldCorrect / rep.goldAnswered;
}

/** What a contribution record's status means for the contributor's proof. */
export function proofStatus(c: { status: string; blockNumber: number | null; proof: string[] | null }): { kind: 'confirmed' | 'pending' | 'failed'; text: string } {
  const s = c.status.toLowerCase();
  const hashes = c.proof?.length ?? 0;
  if (s === 'confirmed') return { kind: 'confirmed', text: `On chain${c.blockNumber != null ? ` in block ${c.blockNumber}` : ''}; Merkle proof of ${hashes} hash${hashes === 1 ? '' : 'es'}` };
  if (s === 'failed') return { kind: 'failed', text: 'The transaction failed; the epoch will be written again' };
  return { kind: 'pending', text: 'Sent; waiting for confirmations' };
}
