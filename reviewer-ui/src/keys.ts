/** Keyboard shortcuts of the labeling screen: 1..9 pick a class, S skips. */

export type KeyAction = { kind: 'choose'; index: number } | { kind: 'skip' } | null;

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  repeat?: boolean;
  target?: EventTarget | null;
}

/**
 * Maps a key press to an action, or null when the key means nothing here. Presses with a modifier
 * (browser shortcuts), auto-repeats (a held key would label several items) and presses while typing
 * in a form field are ignored.
 */
export function keyAction(e: KeyLike, classCount: number): KeyAction {
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || isTyping(e.target)) return null;
  if (e.key === 's' || e.key === 'S') return { kind: 'skip' };
  if (e.key.length === 1 && e.key >= '1' && e.key <= '9') {
    const index = e.key.charCodeAt(0) - '1'.charCodeAt(0);
    return index < classCount ? { kind: 'choose', index } : null;
  }
  return null;
}

/** The shortcut shown next to the class at this index, or '' beyond nine classes. */
export function shortcutFor(index: number): string {
  return index >= 0 && index < 9 ? String(index + 1) : '';
}

function isTyping(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  // A ticked checkbox has focus after a click; keys still mean shortcuts there, not text.
  if (tag === 'input') return !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type);
  return tag === 'textarea' || tag === 'select' || el.isContentEditable === true;
}

export type MultiKeyAction = { kind: 'toggle'; index: number } | { kind: 'submit' } | { kind: 'skip' } | null;

/**
 * Keys of the multi-label screen: 1..9 toggle a class, Enter submits the ticked set, S skips. Enter
 * on a focused button or checkbox is left to the browser, so it activates what has focus.
 */
export function multiKeyAction(e: KeyLike, classCount: number): MultiKeyAction {
  if (e.key === 'Enter') {
    if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || isTyping(e.target) || isControl(e.target)) return null;
    return { kind: 'submit' };
  }
  const a = keyAction(e, classCount);
  if (!a) return null;
  return a.kind === 'skip' ? a : { kind: 'toggle', index: a.index };
}

function isControl(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const tag = (target as Element).tagName.toLowerCase();
  return tag === 'button' || tag === 'a';
}
