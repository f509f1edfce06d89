/** Counts values in [0, 1] into equal-width bins; the last bin includes 1. */
export function histogram(values: number[], bins = 10): { labels: string[]; counts: number[] } {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const clamped = Math.min(1, Math.max(0, v));
    counts[Math.min(bins - 1, Math.floor(clamped * bins))]++;
  }
  const labels = counts.map((_, i) => `${(i / bins).toFixed(1)}–${((i + 1) / bins).toFixed(1)}`);
  return { labels, counts };
}
