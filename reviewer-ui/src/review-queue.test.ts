import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, type Fetch } from './api';
import { reviewView } from './views/moderator';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** A fake API answering the two calls the review screen makes, and recording the override. */
function fakeApi(kind: string, text: string, posted: unknown[]): Fetch {
  return async (url, init) => {
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    if (url.endsWith('/projects')) {
      return json({ projects: [{ id: 7, name: 'P', instructions: '', labelSchema: { kind, classes: ['PER', 'LOC'] }, status: 'open', leaseSeconds: 60, version: 1 }] });
    }
    if (url.includes('/review-queue')) {
      return json({
        items: [{ itemId: '42', projectId: '7', externalId: 'e1', status: 'exhausted', text, data: { text, source: 'web' }, gold: true, goldLabel: { choice: 'PER' }, consensusLabel: null, overrideLabel: null, confidence: null, labelsUsed: 2, labels: [] }],
      });
    }
    if (url.endsWith('/items/42/override')) {
      posted.push(JSON.parse(String(init?.body)));
      return json({ itemId: '42', status: 'overridden', consensusLabel: 'x' });
    }
    return new Response('', { status: 404 });
  };
}

async function until<T>(probe: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

async function open(kind: string, text: string, posted: unknown[]): Promise<HTMLElement> {
  const root = document.createElement('main');
  document.body.append(root);
  reviewView(root, new ApiClient('t', fakeApi(kind, text, posted)));
  const select = await until(() => root.querySelector<HTMLSelectElement>('#rv-project option[value="7"]')?.parentElement as HTMLSelectElement);
  select.value = '7';
  select.dispatchEvent(new Event('change'));
  return until(() => root.querySelector<HTMLElement>('.review-item[data-item="42"]'));
}

describe('review queue', () => {
  afterEach(() => document.body.replaceChildren());

  it('shows the item text as text, its other fields and the gold answer', async () => {
    const card = await open('single_choice', HOSTILE, []);
    expect(card.querySelector('#ov-42-text')!.textContent).toBe(HOSTILE);
    expect(card.querySelector('img, script')).toBeNull();
    expect(card.textContent).toContain('source');
    expect(card.querySelector('.gold')!.textContent).toBe('Gold answer: PER');
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('overrides a span item with spans picked from the text', async () => {
    const posted: unknown[] = [];
    const card = await open('spans', 'Ada met Bob in Paris', posted);
    const box = card.querySelector('#ov-42-text')!;
    const node = box.firstChild as Text;
    const r = document.createRange();
    r.setStart(node, 15);
    r.setEnd(node, 20);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(r);
    card.querySelector<HTMLButtonElement>('button[data-class="LOC"]')!.click();
    card.querySelector<HTMLInputElement>('.ov-reason')!.value = 'Paris is a place';
    card.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await until(() => posted.length);
    expect(posted[0]).toEqual({ label: { spans: [{ start: 15, end: 20, label: 'LOC' }] }, reason: 'Paris is a place' });
  });
});
