import { describe, expect, it } from 'vitest';
import { histogram } from './histogram';

describe('histogram', () => {
  it('bins scores in [0, 1], putting 1 in the last bin and clamping outliers', () => {
    const h = histogram([0, 0.05, 0.1, 0.55, 0.99, 1, 1.2, -0.1, NaN], 10);
    expect(h.counts).toEqual([3, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
    expect(h.labels[0]).toBe('0.0–0.1');
    expect(h.labels[9]).toBe('0.9–1.0');
  });
});
