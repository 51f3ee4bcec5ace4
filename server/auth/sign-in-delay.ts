export interface SignInDelayPolicy {
  /** Failed sign-ins for one user name answered without delay. */
  freeFailuresPerUser: number;
  /** Failed sign-ins from one address answered without delay (many people may share a proxy). */
  freeFailuresPerIp: number;
  /** The delay after the first failure beyond the free ones; it doubles with each further one. */
  baseDelayMs: number;
  /** The longest delay, however many failures. */
  maxDelayMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** Sign-ins from one address waiting out a delay at once; more are answered 429. */
  maxWaitingPerIp: number;
}

interface Counter {
  failures: number;
  windowStart: number;
  waiting: number;
}

/** Enough for a busy partnership's staff and a crowd of guessers without unbounded memory. */
const MAX_TRACKED = 50_000;

export type SignInAdmission = { ok: true; delayMs: number; release: () => void } | { ok: false; retryAfterSeconds: number };

/**
 * Slows password guessing without locking anyone out (OWASP ASVS 2.2.1, soft lock-out): after a
 * few failures for a name, or from an address, each further attempt waits, the wait doubling up to
 * a cap, and the password is then checked as usual. A guesser gets a handful of tries a minute;
 * the real user, even while their name is being guessed, still signs in with the right password,
 * only later. At most a few attempts from one address wait at once, so one guesser's flood of
 * parallel attempts is answered 429 rather than all waiting out their delays side by side. Kept in memory: the server is the only
 * process, and a restart forgetting the counts forgets only delays.
 */
export class SignInDelay {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly policy: SignInDelayPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long this attempt must wait before its password is checked; call `release` when done. */
  admit(username: string, ip: string): SignInAdmission {
    const keys = [userKey(username), ipKey(ip)];
    const counters = keys.map((key) => this.counter(key));
    // Only the address's own parallel attempts are capped: a cap per name would let anyone
    // keep a name's queue full and so lock its owner out again.
    if (counters[1]!.waiting >= this.policy.maxWaitingPerIp) {
      return { ok: false, retryAfterSeconds: Math.ceil(this.policy.maxDelayMs / 1000) };
    }
    const delayMs = Math.max(
      this.delayAfter(counters[0]!.failures, this.policy.freeFailuresPerUser),
      this.delayAfter(counters[1]!.failures, this.policy.freeFailuresPerIp),
    );
    for (const c of counters) c.waiting += 1;
    let released = false;
    return {
      ok: true,
      delayMs,
      release: () => {
        if (released) return;
        released = true;
        for (const c of counters) c.waiting = Math.max(0, c.waiting - 1);
      },
    };
  }

  /** The delay the next attempt would wait, for tests and the audit log. */
  delayFor(username: string, ip: string): number {
    return Math.max(
      this.delayAfter(this.counter(userKey(username)).failures, this.policy.freeFailuresPerUser),
      this.delayAfter(this.counter(ipKey(ip)).failures, this.policy.freeFailuresPerIp),
    );
  }

  recordFailure(username: string, ip: string): void {
    for (const key of [userKey(username), ipKey(ip)]) this.counter(key).failures += 1;
  }

  /** A correct password clears the name's count; the address keeps its own (one guesser, many names). */
  recordSuccess(username: string): void {
    const counter = this.counters.get(userKey(username));
    if (counter) counter.failures = 0;
  }

  private delayAfter(failures: number, free: number): number {
    if (failures < free) return 0;
    // 2^20 is far past any cap; the exponent is bounded so the arithmetic stays finite.
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(failures - free, 20));
  }

  private counter(key: string): Counter {
    const now = this.now();
    let counter = this.counters.get(key);
    if (counter && now - counter.windowStart >= this.policy.windowMs && counter.waiting === 0) {
      this.counters.delete(key);
      counter = undefined;
    }
    if (!counter) {
      if (this.counters.size >= MAX_TRACKED) this.prune(now);
      counter = { failures: 0, windowStart: now, waiting: 0 };
      this.counters.set(key, counter);
    }
    return counter;
  }

  private prune(now: number): void {
    for (const [key, c] of this.counters) {
      if (c.waiting === 0 && (c.failures === 0 || now - c.windowStart >= this.policy.windowMs)) this.counters.delete(key);
    }
    // Still full of live entries (a flood from many addresses): forget the oldest half.
    if (this.counters.size >= MAX_TRACKED) {
      let drop = this.counters.size / 2;
      for (const [key, c] of this.counters) {
        if (drop-- <= 0) break;
        if (c.waiting === 0) this.counters.delete(key);
      }
    }
  }
}

const userKey = (username: string) => `user:${username.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;
