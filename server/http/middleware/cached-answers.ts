import { createHash } from 'node:crypto';
import { gzip } from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';
import { todayIso } from '../../action-plans/plan-dates.js';
import type { DataDomain, DataVersions } from '../../data-versions.js';
import type { Answer, AnswerCache } from '../answer-cache.js';
import { disclosureView } from '../disclosure-view.js';
import { currentUser } from '../request-user.js';
import { responseFormat } from '../response-format.js';

/** Headers of an answer kept with its body and sent again with it. */
const KEPT_HEADERS = ['content-type', 'content-disposition', 'vary'] as const;

/**
 * The data answers and what each depends on: a series or ranking on its indicator's dataset or
 * statistics import (the id's first part), everything else on every write. Other routes
 * (sessions, users, uploads in progress) are not cached.
 */
export function answerDomains(req: Request): readonly DataDomain[] | 'all' | null {
  if (req.method !== 'GET') return null;
  const path = req.path;
  if (path === '/api/series' || path === '/api/rankings') {
    const indicator = typeof req.query.indicator === 'string' ? req.query.indicator : '';
    const source = /^([a-z][a-z0-9_]*)\./.exec(indicator)?.[1];
    if (!source) return 'all';
    // Plan measures are series too (plan.<plan>.<measure>): they change with the plans.
    return source === 'plan' ? ['plans', 'data:plan'] : [`data:${source}`];
  }
  // The Overview's one answer reads every dataset, the statistics and the plans.
  if (path === '/api/indicators' || path === '/api/datasets' || path === '/api/overview') return 'all';
  if (path.startsWith('/api/plans') || /^\/api\/indicators\/[^/]+\/impact$/.test(path)) return 'all';
  return null;
}

/**
 * Answers cached by data version. Every data answer carries an entity tag made from the data
 * version it was computed on, the request (path, query, format, the day for "as at" answers) and
 * the user's disclosure view; a matching If-None-Match is answered 304 without computing
 * anything, a cached answer is sent as it was, and identical requests arriving together share
 * one computation. A write moves the version, so nothing computed before it is served after it.
 */
export function cachedAnswers(cache: AnswerCache, versions: DataVersions): RequestHandler {
  versions.onChange((domains) => cache.invalidate(domains));
  return async (req, res, next) => {
    const domains = answerDomains(req);
    if (domains === null) {
      next();
      return;
    }
    const key = answerKey(req, domains, versions);
    const etag = `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
    if (matches(req.headers['if-none-match'], etag)) {
      res.setHeader('ETag', etag);
      res.vary('Accept');
      res.status(304).end();
      return;
    }
    const found = cache.lookup(key);
    const ready = found instanceof Promise ? await found : found;
    if (ready) {
      send(req, res, ready);
      return;
    }
    // Nothing to share, or the shared computation ended without an answer: compute, and keep
    // what comes out for the next asker unless another request began it meanwhile.
    const settle = found === undefined ? cache.begin(key, domains) : null;
    capture(res, etag, settle);
    next();
  };
}

function answerKey(req: Request, domains: readonly DataDomain[] | 'all', versions: DataVersions): string {
  const url = new URL(req.originalUrl, 'http://localhost');
  url.searchParams.sort();
  const view = disclosureView(currentUser(req));
  return [versions.token(domains), todayIso(), view, responseFormat(req), url.pathname, url.searchParams.toString()].join('\n');
}

/** RFC 9110 If-None-Match: a list of tags, weak or strong, or `*`. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** Bodies smaller than this go out as they are (the compression middleware's own threshold). */
const GZIP_FROM_BYTES = 1024;

/**
 * A kept answer as it was sent, gzipped from the copy made once when it was computed: compressing
 * it again for every asker was most of the main thread's time per cached answer under load. The
 * compression middleware leaves a body that already has a Content-Encoding alone.
 */
function send(req: Request, res: Response, answer: Answer): void {
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.setHeader('ETag', answer.etag);
  if (answer.gzip) {
    res.vary('Accept-Encoding');
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', answer.gzip.length);
      res.status(200).end(answer.gzip);
      return;
    }
  }
  res.status(200).end(answer.body);
}

/**
 * Takes the route's answer as it is sent: a 200 gets the entity tag and is kept; anything else
 * goes out without a tag and is not kept (waiting requests then compute their own).
 */
function capture(res: Response, etag: string, settle: ((answer: Answer | null) => void) | null): void {
  const original = res.send;
  // A request that ends without an answer to keep (closed early, an error) frees its waiters.
  let kept = false;
  res.send = function (this: Response, body?: unknown) {
    // res.json and res.send(object) come back here with the serialised string.
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) return original.call(this, body);
    res.send = original;
    const ok = res.statusCode === 200;
    if (ok) res.setHeader('ETag', etag);
    const sent = original.call(this, body);
    if (ok && settle) {
      kept = true;
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = res.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      const answer: Answer = { etag, body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), headers };
      // Compressed once, on libuv's threads, before it is shared; without it if that fails.
      if (answer.body.length < GZIP_FROM_BYTES) settle(answer);
      else gzip(answer.body, (error, zipped) => settle(error ? answer : { ...answer, gzip: zipped }));
    } else settle?.(null);
    return sent;
  } as Response['send'];
  if (settle) res.once('close', () => kept || settle(null));
}
