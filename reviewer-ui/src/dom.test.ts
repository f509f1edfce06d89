import { describe, expect, it } from 'vitest';
import { h, itemFields, itemText } from './dom';

describe('safe rendering', () => {
  const payloads = [
    '<script>window.__pwned = 1</script>',
    '<img src=x onerror="window.__pwned = 1">',
    '"><svg onload=alert(1)>',
  ];

  it.each(payloads)('shows %s as text, creating no elements', (payload) => {
    const el = h('div', {}, itemText({ text: payload }));
    expect(el.textContent).toBe(payload);
    expect(el.children.length).toBe(0);
    expect(el.querySelector('script, img, svg')).toBeNull();
  });

  it('refuses event-handler attributes', () => {
    expect(() => h('div', { onclick: 'x()' })).toThrow(/event attributes/);
    expect(() => h('img', { OnError: 'x()' })).toThrow(/event attributes/);
  });

  it('puts attribute values in attributes, not markup', () => {
    const el = h('div', { title: '"><script>x</script>' });
    expect(el.getAttribute('title')).toBe('"><script>x</script>');
    expect(el.children.length).toBe(0);
  });

  it('uses the text field, else JSON', () => {
    expect(itemText({ text: 'hello', lang: 'en' })).toBe('hello');
    expect(itemText('plain')).toBe('plain');
    expect(itemText({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(itemFields({ text: 'x', lang: 'en', n: 2 })).toEqual([
      ['lang', 'en'],
      ['n', '2'],
    ]);
  });
});
