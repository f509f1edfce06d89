/**
 * Server-sent events over fetch. The browser's EventSource cannot send an Authorization header,
 * and the API takes its bearer token only there (a token in the URL would end up in logs), so the
 * stream is read with fetch and parsed here.
 */

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * An incremental parser of the text/event-stream format: feed it chunks as they arrive, in any
 * split, and it returns the events completed so far. Comments (": ping") are dropped.
 */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | undefined;
  /** The reconnection delay the server asked for with "retry:", if any. */
  retryMs: number | undefined;

  feed(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    for (;;) {
      const nl = this.buffer.search(/\r\n|\r|\n/);
      if (nl < 0) break;
      // A lone \r at the end may be the first half of \r\n: wait for the next chunk.
      if (this.buffer[nl] === '\r' && nl === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + (this.buffer.startsWith('\r\n', nl) ? 2 : 1));
      const done = this.line(line);
      if (done) out.push(done);
    }
    return out;
  }

  private line(line: string): SseEvent | null {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = '';
        return null;
      }
      const e: SseEvent = { event: this.event || 'message', data: this.data.join('\n') };
      if (this.id !== undefined) e.id = this.id;
      this.event = '';
      this.data = [];
      return e;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id') this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return null;
  }
}

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed' | 'refused';

/**
 * Keeps one event stream open: reconnects after the server's retry delay when it drops, and stops
 * for good on close() or when the server refuses (4xx: the role may not read it).
 */
export function openStream(
  url: string,
  headers: Record<string, string>,
  onEvent: (e: SseEvent) => void,
  onState: (s: StreamState, detail?: string) => void = () => {},
  fetchFn: typeof fetch = (i, init) => fetch(i, init),
): { close(): void } {
  const abort = new AbortController();
  let closed = false;
  const run = async () => {
    let delay = 3000;
    while (!closed) {
      onState('connecting');
      const parser = new SseParser();
      try {
        const r = await fetchFn(url, {
          headers: { ...headers, Accept: 'text/event-stream' },
          signal: abort.signal,
          cache: 'no-store',
        });
        if (r.status >= 400 && r.status < 500) {
          onState('refused', `HTTP ${r.status}`);
          return;
        }
        if (!r.ok || !r.body) throw new Error(`HTTP ${r.status}`);
        onState('live');
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const e of parser.feed(value)) onEvent(e);
        }
      } catch {
        // Dropped or refused connection: try again below unless closed.
      }
      if (closed) break;
      delay = parser.retryMs ?? delay;
      onState('reconnecting');
      await new Promise((res) => setTimeout(res, delay));
    }
    onState('closed');
  };
  void run();
  return {
    close() {
      closed = true;
      abort.abort();
    },
  };
}
