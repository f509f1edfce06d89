import { describe, expect, it } from 'vitest';
import { openStream, SseParser } from './sse';

describe('SseParser', () => {
  it('reads events split at any point, drops comments and keeps the retry delay', () => {
    const p = new SseParser();
    const text = 'retry: 3000\n: connected\n\nevent: reputation-updated\nid: e1\ndata: {"score":0.5}\n\nevent: item-resolved\ndata: {"a":1}\n\n';
    const events = [];
    for (const ch of text) events.push(...p.feed(ch));
    expect(events).toEqual([
      { event: 'reputation-updated', id: 'e1', data: '{"score":0.5}' },
      { event: 'item-resolved', id: 'e1', data: '{"a":1}' },
    ]);
    expect(p.retryMs).toBe(3000);
  });

  it('joins multi-line data, accepts CRLF and names unnamed events "message"', () => {
    const p = new SseParser();
    expect(p.feed('data: a\r\ndata: b\r')).toEqual([]);
    expect(p.feed('\n\r\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('returns nothing until the blank line ends the event', () => {
    const p = new SseParser();
    expect(p.feed('event: x\ndata: 1\n')).toEqual([]);
    expect(p.feed('\n')).toEqual([{ event: 'x', data: '1' }]);
  });
});

describe('openStream', () => {
  it('sends the bearer header, delivers events and stops on a 4xx', async () => {
    const seen: string[] = [];
    const states: string[] = [];
    let calls = 0;
    const fake = (async (_url: string, init?: RequestInit) => {
      calls++;
      expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer t');
      if (calls > 1) return new Response('no', { status: 403 });
      return new Response('event: e\ndata: 1\n\nretry: 1\n\n', { status: 200 });
    }) as typeof fetch;
    await new Promise<void>((done) => {
      openStream('/s', { Authorization: 'Bearer t' }, (e) => seen.push(e.data), (s) => {
        states.push(s);
        if (s === 'refused') done();
      }, fake);
    });
    expect(seen).toEqual(['1']);
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'connecting', 'refused']);
  });
});
