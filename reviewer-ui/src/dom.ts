/**
 * Building DOM safely. Item data comes from whoever uploaded it, so nothing here ever parses a
 * string as HTML: text becomes text nodes, attributes go through setAttribute, and event-handler
 * attributes are refused (handlers are attached with addEventListener by the views).
 */

export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | null | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (/^on/i.test(name)) throw new Error(`event attributes are not allowed: ${name}`);
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces all children of an element. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/**
 * The text an item shows: its "text" field when it has one (what JSONL and CSV uploads give),
 * otherwise the data as indented JSON. Always a plain string, to be put in a text node.
 */
export function itemText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data && typeof data === 'object' && typeof (data as { text?: unknown }).text === 'string') {
    return (data as { text: string }).text;
  }
  return JSON.stringify(data, null, 2) ?? '';
}

/** The other fields of an item, shown under its text as name/value pairs, as text. */
export function itemFields(data: unknown): Array<[string, string]> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  return Object.entries(data as Record<string, unknown>)
    .filter(([k]) => k !== 'text')
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}
