export interface LockoutPolicy {
  /** Failed sign-ins for one user name within the window that lock it. */
  maxFailuresPerUser: number;
  /** Failed sign-ins from one address within the window that lock it out (all names). */
  maxFailuresPerIp: number;
  windowMs: number;
  /** How long a lock lasts once reached. */
  lockMs: number;
}

interface Counter {
  failures: number;
  windowStart: number;
  lockedUntil: number;
}

/** Enough for a busy partnership's staff and a crowd of guessers without unbounded memory. */
const MAX_TRACKED = 50_000;

/**
 * Counts failed sign-ins per user name and per client address. Kept in memory: the server is the
 * only process, and a restart forgetting the counts is no worse than the lock expiring. A locked
 * name is answered exactly like a wrong password, so it does not reveal that the name exists.
 */
export class SignInThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly policy: LockoutPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  isLocked(username: string, ip: string): boolean {
    const now = this.now();
    return [userKey(username), ipKey(ip)].some((key) => (this.counters.get(key)?.lockedUntil ?? 0) > now);
  }

  recordFailure(username: string, ip: string): void {
    this.count(userKey(username), this.policy.maxFailuresPerUser);
    this.count(ipKey(ip), this.policy.maxFailuresPerIp);
  }

  /** A correct password clears the name's count; the address keeps its own (one guesser, many names). */
  recordSuccess(username: string): void {
    this.counters.delete(userKey(username));
  }

  private count(key: string, limit: number): void {
    const now = this.now();
    let counter = this.counters.get(key);
    if (!counter || now - counter.windowStart >= this.policy.windowMs) {
      if (!counter && this.counters.size >= MAX_TRACKED) this.prune(now);
      counter = { failures: 0, windowStart: now, lockedUntil: counter?.lockedUntil ?? 0 };
      this.counters.set(key, counter);
    }
    counter.failures += 1;
    if (counter.failures >= limit) counter.lockedUntil = Math.max(counter.lockedUntil, now + this.policy.lockMs);
  }

  private prune(now: number): void {
    for (const [key, c] of this.counters) {
      if (c.lockedUntil <= now && now - c.windowStart >= this.policy.windowMs) this.counters.delete(key);
    }
    // Still full of live entries (a flood from many addresses): forget the oldest half.
    if (this.counters.size >= MAX_TRACKED) {
      let drop = this.counters.size / 2;
      for (const key of this.counters.keys()) {
        if (drop-- <= 0) break;
        this.counters.delete(key);
      }
    }
  }
}

const userKey = (username: string) => `user:${username.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;
