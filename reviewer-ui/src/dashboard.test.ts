import { describe, expect, it } from 'vitest';
import { applyReputation, goldAccuracy, groupDigits, levelText, MetricsSeries, percent, progressFigures, proofStatus, searchQuery, type Reputation } from './dashboard';

const rep = (id: string, lowerBound: number, updatedAt = 1, projectId: string | null = null): Reputation => ({
  contributorId: id, projectId, score: lowerBound + 0.1, lowerBound, goldAnswered: 0, goldCorrect: 0, consensusAnswered: 0, consensusAgreed: 0, updatedAt,
});

describe('applyReputation', () => {
  it('replaces the row and re-ranks by lower bound', () => {
    const rows = [rep('1', 0.8), rep('2', 0.5)];
    const next = applyReputation(rows, rep('2', 0.9, 2));
    expect(next.map((r) => r.contributorId)).toEqual(['2', '1']);
    expect(next).toHaveLength(2);
  });
  it('adds a newcomer, ignores per-project and stale updates', () => {
    const rows = [rep('1', 0.8, 5)];
    expect(applyReputation(rows, rep('3', 0.1)).map((r) => r.contributorId)).toEqual(['1', '3']);
    expect(applyReputation(rows, rep('1', 0.1, 6, '7'))).toBe(rows);
    expect(applyReputation(rows, rep('1', 0.1, 4))).toBe(rows);
  });
});

describe('MetricsSeries', () => {
  it('keeps windows in order, replaces a re-emitted one, bounds the length and sums labels/min', () => {
    const s = new MetricsSeries(2);
    const w = (end: number, lpm: number) => ({ windowStart: end - 60, windowEnd: end, krippendorffAlpha: 0.5, labelsPerMinute: lpm });
    s.add('2', w(200, 1));
    s.add('2', w(100, 2));
    s.add('2', w(200, 3));
    expect(s.windows('2').map((x) => [x.windowEnd, x.labelsPerMinute])).toEqual([[100, 2], [200, 3]]);
    s.add('2', w(300, 4));
    expect(s.windows('2').map((x) => x.windowEnd)).toEqual([200, 300]);
    s.add('10', w(300, 6));
    expect(s.projects()).toEqual(['2', '10']);
    expect(s.labelsPerMinute()).toBe(10);
  });
});

describe('searchQuery', () => {
  it('encodes the filters given and leaves out empty ones', () => {
    expect(searchQuery({ q: 'great film', status: 'resolved', label: '', confidenceBelow: '0.7', contributor: ' ' })).toBe(
      '?q=great+film&status=resolved&confidenceBelow=0.7',
    );
    expect(searchQuery({})).toBe('');
    expect(searchQuery({ q: 'a&b=c' })).toBe('?q=a%26b%3Dc');
  });
});

describe('progress figures', () => {
  it('counts finished items and labels against the plan without dividing by zero', () => {
    const p = {
      items: { total: 4, open: 1, resolved: 2, exhausted: 1, overridden: 0, gold: 0 },
      labels: { submitted: 6, planned: 12, used: 5 },
      latestMetrics: null,
      cost: { rewardPerLabel: '10', soFar: '60' },
    };
    expect(progressFigures(p)).toEqual({ done: 3, total: 4, donePct: 75, usedPct: 50 });
    expect(percent(1, 0)).toBe(0);
    expect(groupDigits('1234567')).toBe('1\u202f234\u202f567');
  });
});

describe('level and gold accuracy', () => {
  it('derive from the reputation', () => {
    const pct = (n: number) => `${n * 100}%`;
    expect(levelText(undefined, pct)).toBe('Not rated yet');
    expect(levelText({ name: 'Trusted', from: 0.75, next: 0.9 }, pct)).toBe('Trusted (next at a lower bound of 90%)');
    expect(levelText({ name: 'Expert', from: 0.9 }, pct)).toBe('Expert');
    expect(goldAccuracy({ goldAnswered: 0, goldCorrect: 0 })).toBeNull();
    expect(goldAccuracy({ goldAnswered: 4, goldCorrect: 3 })).toBe(0.75);
  });
});

describe('proofStatus', () => {
  it('explains each record state', () => {
    expect(proofStatus({ status: 'CONFIRMED', blockNumber: 12, proof: ['0x1', '0x2'] })).toEqual({ kind: 'confirmed', text: 'On chain in block 12; Merkle proof of 2 hashes' });
    expect(proofStatus({ status: 'submitted', blockNumber: null, proof: null }).kind).toBe('pending');
    expect(proofStatus({ status: 'failed', blockNumber: null, proof: [] }).kind).toBe('failed');
  });
});
