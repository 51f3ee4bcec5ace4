import type { SignInDelayPolicy } from './auth/sign-in-delay.js';
import type { SessionPolicy } from './auth/sessions.js';
import { minContributors } from './indicators/partnership-threshold.js';
import type { DisclosurePolicy } from './indicators/disclosure-policy.js';

/** Everything the server reads from the environment, checked once at start-up (docs/configuration.md). */
export interface ServerConfig {
  /** The address to listen on: loopback unless CSE_PROFILE_HOST says otherwise. */
  host: string;
  /** Express's `trust proxy`: false, true, a hop count, or addresses/subnets of the proxies. */
  trustProxy: boolean | number | string;
  session: SessionPolicy;
  /** How long a bearer token works after it is made. */
  tokenLifetimeMs: number;
  signIn: SignInDelayPolicy;
  maxUploadBytes: number;
  /** Action-plan files (CSV or JSON): a plan is a few hundred rows, never an extract's size. */
  maxPlanBytes: number;
  /** Where upload bodies are spooled; null means next to the database file. */
  uploadDir: string | null;
  jsonBodyLimitBytes: number;
  /** The bound on the memory of computed answers kept for reuse until the data changes. */
  answerCacheBytes: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** The first admin's password when the database has no users. */
  adminPassword: string | null;
  logLevel: string;
  /** Disclosure control's public parameters (docs/disclosure.md). */
  disclosure: DisclosurePolicy;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig(env: Env = process.env): ServerConfig {
  const minutes = 60_000;
  // One setting for comparator labels and disclosure control alike (partnership-threshold.ts).
  let contributors: number;
  try {
    contributors = minContributors(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    // Loopback by default: a development server is not on the network, and a deployment puts a
    // TLS proxy on the same host in front of it (docs/security.md), or sets 0.0.0.0 in a container.
    host: env.CSE_PROFILE_HOST?.trim() || '127.0.0.1',
    trustProxy: parseTrustProxy(env.CSE_PROFILE_TRUST_PROXY),
    session: {
      lifetimeMs: positive(env, 'CSE_PROFILE_SESSION_HOURS', 12) * 60 * minutes,
      idleMs: positive(env, 'CSE_PROFILE_SESSION_IDLE_MINUTES', 30) * minutes,
    },
    signIn: {
      freeFailuresPerUser: positive(env, 'CSE_PROFILE_SIGNIN_FREE_FAILURES', 3),
      freeFailuresPerIp: positive(env, 'CSE_PROFILE_SIGNIN_FREE_FAILURES_PER_IP', 20),
      baseDelayMs: 1000,
      maxDelayMs: positive(env, 'CSE_PROFILE_SIGNIN_MAX_DELAY_SECONDS', 30) * 1000,
      windowMs: positive(env, 'CSE_PROFILE_SIGNIN_WINDOW_MINUTES', 15) * minutes,
      maxWaitingPerIp: 5,
    },
    tokenLifetimeMs: positive(env, 'CSE_PROFILE_TOKEN_DAYS', 90) * 24 * 60 * minutes,
    maxUploadBytes: Math.round(positive(env, 'CSE_PROFILE_MAX_UPLOAD_MB', 200) * 1024 * 1024),
    maxPlanBytes: Math.round(positive(env, 'CSE_PROFILE_MAX_PLAN_MB', 5) * 1024 * 1024),
    uploadDir: env.CSE_PROFILE_UPLOAD_DIR || null,
    jsonBodyLimitBytes: Math.round(positive(env, 'CSE_PROFILE_JSON_LIMIT_KB', 100) * 1024),
    answerCacheBytes: Math.round(positive(env, 'CSE_PROFILE_ANSWER_CACHE_MB', 64) * 1024 * 1024),
    requestTimeoutMs: positive(env, 'CSE_PROFILE_REQUEST_TIMEOUT_SECONDS', 600) * 1000,
    headersTimeoutMs: positive(env, 'CSE_PROFILE_HEADERS_TIMEOUT_SECONDS', 20) * 1000,
    shutdownTimeoutMs: positive(env, 'CSE_PROFILE_SHUTDOWN_TIMEOUT_SECONDS', 30) * 1000,
    adminPassword: env.CSE_PROFILE_ADMIN_PASSWORD || null,
    logLevel: env.CSE_PROFILE_LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    disclosure: {
      threshold: wholeAtLeast(env, 'CSE_PROFILE_DISCLOSURE_THRESHOLD', 5, 1),
      minContributors: contributors,
    },
  };
}

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a positive number, not "${raw}"`);
  return value;
}

function wholeAtLeast(env: Env, name: string, fallback: number, least: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < least) throw new ConfigError(`${name} must be a whole number of at least ${least}, not "${raw}"`);
  return value;
}

function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}
