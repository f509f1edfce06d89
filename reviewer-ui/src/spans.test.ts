import { describe, expect, it } from 'vitest';
import { addSpan, removeSpan, segments, selectionOffsets, trimSpan } from './spans';

describe('spans', () => {
  it('replaces overlapped spans and keeps them sorted', () => {
    let s = addSpan([], { start: 10, end: 15, label: 'LOC' });
    s = addSpan(s, { start: 0, end: 4, label: 'PER' });
    expect(s.map((x) => x.start)).toEqual([0, 10]);
    s = addSpan(s, { start: 3, end: 11, label: 'ORG' });
    expect(s).toEqual([{ start: 3, end: 11, label: 'ORG' }]);
    expect(removeSpan(s, 0)).toEqual([]);
  });

  it('cuts the text into plain and labeled pieces', () => {
    expect(segments('Ada met Bob', [{ start: 0, end: 3, label: 'PER' }, { start: 8, end: 11, label: 'PER' }])).toEqual([
      { text: 'Ada', label: 'PER', index: 0 },
      { text: ' met ' },
      { text: 'Bob', label: 'PER', index: 1 },
    ]);
  });

  it('trims whitespace from a selection', () => {
    expect(trimSpan(' Ada ', { start: 0, end: 5 })).toEqual({ start: 1, end: 4 });
    expect(trimSpan('   ', { start: 0, end: 3 })).toBeNull();
  });

  it('measures a selection across marks in UTF-16 units', () => {
    const div = document.createElement('div');
    const mark = document.createElement('mark');
    mark.textContent = 'Ada';
    div.append(mark, document.createTextNode(' met 😀 Bob'));
    document.body.appendChild(div);
    const text = div.lastChild as Text;
    const r = document.createRange();
    const at = text.data.indexOf('Bob');
    r.setStart(text, at);
    r.setEnd(text, at + 3);
    const o = selectionOffsets(div, r);
    expect(o).toEqual({ start: 3 + at, end: 6 + at });
    expect(div.textContent!.slice(o!.start, o!.end)).toBe('Bob');
    expect(selectionOffsets(div, null)).toBeNull();
  });
});
