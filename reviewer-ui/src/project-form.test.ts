import { describe, expect, it } from 'vitest';
import { formatOf, projectRequest, type ProjectFormValues } from './project-form';

const base: ProjectFormValues = {
  name: ' Sentiment ',
  instructions: 'How does it sound?',
  kind: 'single_choice',
  classes: 'pos\nneg, neutral\n\n',
  minLabels: '2',
  maxLabels: '5',
  confidence: '0.9',
  goldPercent: '10',
  reward: '1000',
};

describe('projectRequest', () => {
  it('builds the create request the API takes', () => {
    expect(projectRequest(base)).toEqual({
      ok: true,
      request: {
        name: 'Sentiment',
        instructions: 'How does it sound?',
        labelSchema: { kind: 'single_choice', classes: ['pos', 'neg', 'neutral'] },
        overlap: { minLabels: 2, maxLabels: 5, confidence: 0.9 },
        goldShare: 0.1,
        rewardPerLabel: '1000',
      },
    });
  });

  it('names each field to fix', () => {
    const r = projectRequest({ ...base, name: '', classes: 'a\na', minLabels: '3', maxLabels: '2', confidence: '0.5', goldPercent: '120', reward: '1.5' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['classes', 'confidence', 'goldPercent', 'maxLabels', 'name', 'reward']);
  });

  it('lets a multi-label or span schema have one class, not a single-choice one', () => {
    expect(projectRequest({ ...base, classes: 'only' }).ok).toBe(false);
    expect(projectRequest({ ...base, kind: 'multi_label', classes: 'only' }).ok).toBe(true);
    expect(projectRequest({ ...base, kind: 'spans', classes: 'PER' }).ok).toBe(true);
  });

  it('refuses a reward beyond what the rewards service can pay', () => {
    expect(projectRequest({ ...base, reward: '9223372036854775807' }).ok).toBe(true);
    const r = projectRequest({ ...base, reward: '9223372036854775808' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors)).toEqual(['reward']);
  });

  it('defaults an empty reward and gold share to zero', () => {
    const r = projectRequest({ ...base, reward: '', goldPercent: '' });
    expect(r.ok && r.request.rewardPerLabel).toBe('0');
    expect(r.ok && r.request.goldShare).toBe(0);
  });
});

describe('formatOf', () => {
  it('reads the format from the file name', () => {
    expect(formatOf('items.JSONL')).toBe('jsonl');
    expect(formatOf('a.csv')).toBe('csv');
    expect(formatOf('tasks.json')).toBe('labelstudio');
    expect(formatOf('notes.txt')).toBeNull();
  });
});
