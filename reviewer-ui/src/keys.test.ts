import { describe, expect, it } from 'vitest';
import { keyAction, multiKeyAction, shortcutFor } from './keys';

describe('keyAction', () => {
  it.each([
    ['1', 3, { kind: 'choose', index: 0 }],
    ['3', 3, { kind: 'choose', index: 2 }],
    ['9', 9, { kind: 'choose', index: 8 }],
    ['4', 3, null],
    ['0', 3, null],
    ['s', 2, { kind: 'skip' }],
    ['S', 2, { kind: 'skip' }],
    ['Enter', 2, null],
    ['F1', 2, null],
  ])('maps %s with %i classes', (key, classes, expected) => {
    expect(keyAction({ key }, classes)).toEqual(expected);
  });

  it('ignores presses with a modifier, auto-repeats and typing in a field', () => {
    expect(keyAction({ key: '1', ctrlKey: true }, 2)).toBeNull();
    expect(keyAction({ key: 's', metaKey: true }, 2)).toBeNull();
    expect(keyAction({ key: '1', repeat: true }, 2)).toBeNull();
    expect(keyAction({ key: '1', target: document.createElement('input') }, 2)).toBeNull();
    expect(keyAction({ key: 's', target: document.createElement('textarea') }, 2)).toBeNull();
    expect(keyAction({ key: '1', target: document.createElement('button') }, 2)).toEqual({ kind: 'choose', index: 0 });
  });

  it('shows shortcuts for the first nine classes only', () => {
    expect(shortcutFor(0)).toBe('1');
    expect(shortcutFor(8)).toBe('9');
    expect(shortcutFor(9)).toBe('');
  });
});

describe('multiKeyAction', () => {
  const box = () => {
    const b = document.createElement('input');
    b.type = 'checkbox';
    return b;
  };
  it('toggles with numbers, submits with Enter and skips with S', () => {
    expect(multiKeyAction({ key: '2' }, 3)).toEqual({ kind: 'toggle', index: 1 });
    expect(multiKeyAction({ key: '2', target: box() }, 3)).toEqual({ kind: 'toggle', index: 1 });
    expect(multiKeyAction({ key: 'Enter' }, 3)).toEqual({ kind: 'submit' });
    expect(multiKeyAction({ key: 'Enter', target: box() }, 3)).toEqual({ kind: 'submit' });
    expect(multiKeyAction({ key: 's' }, 3)).toEqual({ kind: 'skip' });
    expect(multiKeyAction({ key: '4' }, 3)).toBeNull();
  });
  it('leaves Enter to a focused button, a text field and repeats', () => {
    expect(multiKeyAction({ key: 'Enter', target: document.createElement('button') }, 3)).toBeNull();
    expect(multiKeyAction({ key: 'Enter', target: document.createElement('input') }, 3)).toBeNull();
    expect(multiKeyAction({ key: 'Enter', repeat: true }, 3)).toBeNull();
  });
});
