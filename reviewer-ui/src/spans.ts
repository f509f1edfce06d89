import type { Span } from './api';

/**
 * Text-span labeling: offsets are UTF-16 code units into the item's text, as the API measures
 * them (JavaScript string indices are the same units).
 */

/** The selection's [start, end) inside `container`'s text, or null when it is empty or outside. */
export function selectionOffsets(container: Node, range: Range | null): { start: number; end: number } | null {
  if (!range || range.collapsed) return null;
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(container);
  before.setEnd(range.startContainer, range.startOffset);
  const start = before.toString().length;
  const end = start + range.toString().length;
  return end > start ? { start, end } : null;
}

/** Trims whitespace off a span's ends, so a double-clicked word does not carry its space. */
export function trimSpan(text: string, s: { start: number; end: number }): { start: number; end: number } | null {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end } : null;
}

/** Adds a span; spans it overlaps are replaced, so the result never overlaps. Sorted by start. */
export function addSpan(spans: Span[], s: Span): Span[] {
  return [...spans.filter((x) => x.end <= s.start || x.start >= s.end), s].sort((a, b) => a.start - b.start);
}

export function removeSpan(spans: Span[], index: number): Span[] {
  return spans.filter((_, i) => i !== index);
}

/** The text cut into plain and labeled pieces, in order, for rendering as text nodes and marks. */
export function segments(text: string, spans: Span[]): Array<{ text: string; label?: string; index?: number }> {
  const out: Array<{ text: string; label?: string; index?: number }> = [];
  let at = 0;
  spans.forEach((s, index) => {
    if (s.start > at) out.push({ text: text.slice(at, s.start) });
    out.push({ text: text.slice(s.start, s.end), label: s.label, index });
    at = s.end;
  });
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}
