/**
 * The client's only door to the server: typed JSON fetches, CSV downloads, and writes that carry
 * the session's CSRF token (kept in memory only, never in storage).
 */
import type { Session } from './api-types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly url: string,
    readonly body: unknown = null,
  ) {
    super(`${url} answered ${status}${code ? ` (${code})` : ''}`);
    this.name = 'ApiError';
  }
}

let session: Session | null = null;
const listeners = new Set<(s: Session | null) => void>();

export function currentSession(): Session | null {
  return session;
}

export function onSessionChange(listener: (s: Session | null) => void): void {
  listeners.add(listener);
}

function setSession(next: Session | null): void {
  session = next;
  cache.clear();
  tagged.clear();
  for (const l of listeners) l(next);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function errorFrom(res: Response, url: string): Promise<ApiError> {
  let body: unknown = null;
  let code = '';
  try {
    body = await res.json();
    if (body && typeof body === 'object' && 'error' in body) code = String((body as { error: unknown }).error);
  } catch {
    /* not JSON */
  }
  if (res.status === 401 && session) setSession(null);
  return new ApiError(res.status, code, url, body);
}

/** GET memo for catalogue-like answers that do not change within a page's life. */
const cache = new Map<string, Promise<unknown>>();

/**
 * Answers by URL with the server's entity tag: asked again, the server answers 304 unless the
 * data changed, and the copy here is used. The server forbids the browser to store answers, so
 * this memory (cleared at sign-in and sign-out) is the only copy. Text is kept, not objects, so
 * that a page changing what it was given cannot change the next page's answer.
 */
const tagged = new Map<string, { etag: string; text: string }>();
const MAX_TAGGED = 300;

async function fetchTagged(url: string): Promise<string> {
  const known = tagged.get(url);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (known) headers['if-none-match'] = known.etag;
  const res = await fetch(url, { headers, credentials: 'same-origin' });
  if (res.status === 304 && known) {
    tagged.delete(url);
    tagged.set(url, known);
    return known.text;
  }
  if (!res.ok) throw await errorFrom(res, url);
  const text = await res.text();
  const etag = res.headers.get('etag');
  tagged.delete(url);
  if (etag) {
    tagged.set(url, { etag, text });
    if (tagged.size > MAX_TAGGED) tagged.delete(tagged.keys().next().value!);
  }
  return text;
}

/** Requests under way, so that parts of a page asking the same question share one answer. */
const pending = new Map<string, Promise<string>>();

function fetchShared(url: string): Promise<string> {
  let request = pending.get(url);
  if (!request) {
    request = fetchTagged(url).finally(() => pending.delete(url));
    pending.set(url, request);
  }
  return request;
}

/**
 * A JSON answer. Data answers are asked for each time a page is drawn (a 304 when nothing
 * changed, so fresh after anyone's upload at the cost of a round trip); `cache` keeps the
 * answer for the page's life instead, for the catalogue-like lists that change only by a write
 * made here.
 */
export async function getJson<T>(path: string, query?: Query, options: { cache?: boolean } = {}): Promise<T> {
  const url = withQuery(path, query);
  if (options.cache && cache.has(url)) return cache.get(url) as Promise<T>;
  const request = (async () => JSON.parse(await fetchShared(url)) as T)();
  if (options.cache) {
    cache.set(url, request);
    request.catch(() => cache.delete(url));
  }
  return request;
}

function writeHeaders(contentType: string | null): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (contentType) headers['content-type'] = contentType;
  if (session?.csrfToken) headers['x-csrf-token'] = session.csrfToken;
  return headers;
}

/** A write: a string body is sent as CSV (or the given type), anything else as JSON. */
export async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown,
  contentType?: string): Promise<T> {
  const isText = typeof body === 'string';
  const payload = body === undefined ? null : isText ? body : JSON.stringify(body);
  const type = payload === null ? null : contentType ?? (isText ? 'text/csv' : 'application/json');
  const res = await fetch(path, { method, headers: writeHeaders(type), body: payload, credentials: 'same-origin' });
  if (!res.ok) throw await errorFrom(res, path);
  cache.clear();
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.user === 'string' && typeof v.role === 'string' && (typeof v.csrfToken === 'string' || v.csrfToken === null);
}

/** Who is signed in, or null. Asks the server once per page load (the cookie lives there). */
export async function loadSession(): Promise<Session | null> {
  if (session) return session;
  const res = await fetch('/api/session', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) throw await errorFrom(res, '/api/session');
  const body: unknown = await res.json();
  if (body && typeof body === 'object' && (body as { user?: unknown }).user === null) return null;
  if (!isSession(body)) throw new ApiError(res.status, 'bad_session_shape', '/api/session', body);
  setSession(body);
  return body;
}

export async function signIn(username: string, password: string): Promise<Session> {
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
    credentials: 'same-origin',
  });
  if (!res.ok) throw await errorFrom(res, '/api/session');
  const body: unknown = await res.json();
  if (!isSession(body)) throw new ApiError(res.status, 'bad_session_shape', '/api/session', body);
  setSession(body);
  return body;
}

export async function signOut(): Promise<void> {
  try {
    await send('DELETE', '/api/session');
  } finally {
    setSession(null);
  }
}

export interface UploadOutcome {
  status: number;
  body: unknown;
}

export interface UploadProgress {
  phase: 'sending' | 'validating';
  loaded: number;
  total: number;
}

/**
 * Sends a CSV file with XMLHttpRequest so that upload progress can be shown; resolves with the
 * status and parsed body for 201, 413 and 422 alike (the caller shows summary or refusal).
 */
export function uploadCsv(path: string, file: Blob, onProgress: (p: UploadProgress) => void, extraHeaders: Record<string, string> = {}): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [k, v] of Object.entries({ ...writeHeaders('text/csv'), ...extraHeaders })) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => {
      onProgress({ phase: 'sending', loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    });
    xhr.upload.addEventListener('load', () => onProgress({ phase: 'validating', loaded: file.size, total: file.size }));
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = { error: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status === 401) setSession(null);
      else cache.clear();
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'network_error', path)));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'aborted', path)));
    xhr.send(file);
  });
}
