import type { Span } from './api';
import { h, replace } from './dom';
import { addSpan, removeSpan, segments, selectionOffsets, trimSpan } from './spans';

/** A span editor over one text: the text, one "tag" button per class, and the tagged spans. */
export interface SpanPicker {
  element: HTMLElement;
  /** The spans tagged so far, sorted by start, never overlapping. */
  value(): Span[];
  /** Tags the current selection inside the text with the class at `index`; false when none. */
  tagSelection(index: number): boolean;
}

/**
 * Select text, then press a class's button: the moderator's way to give the correct spans of an
 * item, the same gesture contributors use. Offsets are into `text` exactly as the API measures
 * them (UTF-16 code units); the text is only ever put into text nodes.
 */
export function spanPicker(text: string, classes: string[], idPrefix: string, initial: Span[] = []): SpanPicker {
  let spans = initial.slice();
  const box = h('div', { id: `${idPrefix}-text`, class: 'item-text span-text' });
  const list = h('ul', { id: `${idPrefix}-spans`, class: 'span-list', 'aria-label': 'Tagged spans' });
  const hint = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' }, 'Select text above, then press the class it is.');

  const redraw = () => {
    // The tag is drawn by CSS (attr()), so the box's text stays exactly the item's text and the
    // selection offsets stay true.
    replace(box, ...segments(text, spans).map((s) => (s.label === undefined ? s.text : h('mark', { 'data-label': s.label, title: s.label }, s.text))));
    replace(
      list,
      ...spans.map((s, i) => {
        const rm = h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${s.label} “${text.slice(s.start, s.end)}”` }, 'remove');
        rm.addEventListener('click', () => {
          spans = removeSpan(spans, i);
          redraw();
        });
        return h('li', { 'data-start': s.start, 'data-end': s.end, 'data-label': s.label }, `${s.label}: “${text.slice(s.start, s.end)}” `, rm);
      }),
    );
  };

  const tagSelection = (index: number): boolean => {
    const sel = window.getSelection();
    const at = sel && sel.rangeCount > 0 ? selectionOffsets(box, sel.getRangeAt(0)) : null;
    const span = at && trimSpan(text, at);
    if (!span) {
      hint.textContent = 'Select some of the item’s text first.';
      return false;
    }
    spans = addSpan(spans, { ...span, label: classes[index] });
    sel?.removeAllRanges();
    hint.textContent = `Tagged “${text.slice(span.start, span.end)}” as ${classes[index]}.`;
    redraw();
    return true;
  };

  const buttons = classes.map((c, i) => {
    const b = h('button', { type: 'button', class: 'tag', 'data-class': c }, `Tag ${c}`);
    // Pressing the button must not clear the selection it is about to tag.
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => void tagSelection(i));
    return b;
  });
  redraw();
  const element = h('div', { class: 'span-picker' }, box, h('div', { class: 'actions' }, ...buttons), hint, list);
  return { element, value: () => spans.map((s) => ({ start: s.start, end: s.end, label: s.label })), tagSelection };
}
