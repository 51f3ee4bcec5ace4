import type { DataDomain } from '../data-versions.js';

/** A computed answer as it went on the wire, with the headers that describe it. */
export interface Answer {
  etag: string;
  body: Buffer;
  /** The body gzipped once, for every asker that accepts it (absent for a small body). */
  gzip?: Buffer;
  headers: Readonly<Record<string, string>>;
}

interface Entry {
  answer: Answer;
  domains: readonly DataDomain[] | 'all';
  bytes: number;
}

/** What an entry costs beside its body: its key, headers and the Map's own bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * Computed answers by key (request, disclosure view and data version), least recently used
 * dropped first once their bytes pass the bound. Answers being computed are shared: a request
 * that finds its key in flight waits for that computation instead of starting its own.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<Answer | null>>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** The stored answer, or the one being computed for this key, or undefined if neither. */
  lookup(key: string): Answer | Promise<Answer | null> | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last, so that the oldest is the first dropped.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.answer;
    }
    return this.inFlight.get(key);
  }

  /**
   * Marks the key as being computed; the returned function settles it with the answer (stored
   * if it fits) or with null when there is none to share (an error, a refusal).
   */
  begin(key: string, domains: readonly DataDomain[] | 'all'): (answer: Answer | null) => void {
    let settle!: (answer: Answer | null) => void;
    this.inFlight.set(key, new Promise((resolve) => (settle = resolve)));
    let settled = false;
    return (answer) => {
      if (settled) return;
      settled = true;
      this.inFlight.delete(key);
      if (answer) this.store(key, { answer, domains, bytes: answer.body.length + (answer.gzip?.length ?? 0) + key.length * 2 + ENTRY_OVERHEAD_BYTES });
      settle(answer);
    };
  }

  /** Drops every answer that depends on a changed domain (all of them when `changed` is 'all'). */
  invalidate(changed: readonly DataDomain[] | 'all'): void {
    for (const [key, entry] of this.entries) {
      if (changed === 'all' || entry.domains === 'all' || entry.domains.some((d) => changed.includes(d))) this.remove(key, entry);
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private store(key: string, entry: Entry): void {
    // One answer may not crowd out the rest: anything over an eighth of the bound is not kept.
    if (entry.bytes > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest, e);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
