import { afterEach, describe, expect, it } from 'vitest';
import { spanPicker } from './span-picker';

function select(container: Element, word: string): void {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
    const at = n.data.indexOf(word);
    if (at >= 0) {
      const r = document.createRange();
      r.setStart(n, at);
      r.setEnd(n, at + word.length);
      const s = window.getSelection()!;
      s.removeAllRanges();
      s.addRange(r);
      return;
    }
  }
  throw new Error(`no ${word}`);
}

describe('span picker', () => {
  afterEach(() => document.body.replaceChildren());

  it('tags selected text with the pressed class, in the API’s offsets', () => {
    const p = spanPicker('Ada met Bob in Paris', ['PER', 'LOC'], 'ov-1');
    document.body.append(p.element);
    const box = p.element.querySelector('#ov-1-text')!;
    select(box, 'Paris');
    (p.element.querySelector('button[data-class="LOC"]') as HTMLButtonElement).click();
    select(box, 'Ada');
    expect(p.tagSelection(0)).toBe(true);
    expect(p.value()).toEqual([
      { start: 0, end: 3, label: 'PER' },
      { start: 15, end: 20, label: 'LOC' },
    ]);
    expect(box.textContent).toBe('Ada met Bob in Paris');
    expect(p.element.querySelectorAll('#ov-1-spans li')).toHaveLength(2);
    (p.element.querySelector('#ov-1-spans li button') as HTMLButtonElement).click();
    expect(p.value()).toEqual([{ start: 15, end: 20, label: 'LOC' }]);
  });

  it('refuses to tag without a selection, and shows markup in the text as text', () => {
    const hostile = '<img src=x onerror="alert(1)"> Bob';
    const p = spanPicker(hostile, ['PER'], 'ov-2');
    document.body.append(p.element);
    window.getSelection()!.removeAllRanges();
    expect(p.tagSelection(0)).toBe(false);
    expect(p.value()).toEqual([]);
    expect(p.element.querySelector('img')).toBeNull();
    expect(p.element.querySelector('#ov-2-text')!.textContent).toBe(hostile);
  });
});
