/**
 * Answers cached by data version, through the real app: entity tags and 304s, views that never
 * share an answer (role and area scope), and writes that move exactly the answers they change.
 */
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, type SignedIn } from '../../helpers/auth.js';
import { referralsExtract, startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
let analyst: SignedIn;
let viewer: SignedIn;
let stockport: SignedIn;
let nottingham: SignedIn;

const STOCKPORT = 'E08000007';
const SERIES = `/api/series?indicator=referrals.referrals&area=${STOCKPORT}&stat=count&breakdown=sex`;
const ENGLAND = '/api/series?indicator=referrals.referrals&area=E92000001&stat=count';
const MISSING = `/api/series?indicator=missing.episodes&area=${STOCKPORT}&stat=count`;
const PLAN_HEADER = 'plan,plan_name,area_code,ref,strand,action';

function get(path: string, who: SignedIn, headers: Record<string, string> = {}) {
  return fetch(t.baseUrl + path, { headers: { cookie: who.cookie, ...headers } });
}

function post(path: string, body: string, who: SignedIn) {
  return fetch(t.baseUrl + path, { method: 'POST', headers: { 'content-type': 'text/csv', ...who.headers }, body });
}

async function etagOf(path: string, who: SignedIn): Promise<string> {
  const res = await get(path, who);
  expect(res.status, path).toBe(200);
  await res.arrayBuffer();
  return res.headers.get('etag')!;
}

/** Whether the answer the user had (by its tag) still stands: 304, or 200 with a new tag. */
async function stillValid(path: string, who: SignedIn, etag: string): Promise<boolean> {
  const res = await get(path, who, { 'if-none-match': etag });
  await res.arrayBuffer();
  expect([200, 304]).toContain(res.status);
  return res.status === 304;
}

beforeAll(async () => {
  t = await startTestServer();
  await createUser(t.db, 'ann', 'analyst');
  await createUser(t.db, 'vic', 'viewer');
  await createUser(t.db, 'sam', 'analyst', [STOCKPORT]);
  await createUser(t.db, 'nat', 'analyst', ['E06000018']);
  [analyst, viewer, stockport, nottingham] = await Promise.all(['ann', 'vic', 'sam', 'nat'].map((u) => signIn(t.baseUrl, u)));
  // One referral per sex and quarter: small enough that a viewer must never see the raw count.
  expect((await post('/api/uploads/referrals', referralsExtract(['2015-Q1', '2015-Q2'], () => 1), analyst)).status).toBe(201);
  expect((await post('/api/plans', [PLAN_HEADER, `cache-plan,Cache plan,${STOCKPORT},1,Prevent,Train staff`].join('\n'), analyst)).status).toBe(201);
});
afterAll(() => t.close());

describe('entity tags', () => {
  it('a data answer carries a tag; asking again with it is a 304 with no body, and the answer is the same', async () => {
    const first = await get(SERIES, analyst);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    const body = await first.text();
    const again = await get(SERIES, analyst, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const cached = await get(SERIES, analyst);
    expect(cached.headers.get('etag')).toBe(etag);
    expect(await cached.text()).toBe(body);
  });

  it('another question, format or tag list decides the answer', async () => {
    const etag = await etagOf(SERIES, analyst);
    expect(await etagOf(`${SERIES}&period_type=financial_year`, analyst)).not.toBe(etag);
    const csv = await get(SERIES, analyst, { accept: 'text/csv', 'if-none-match': etag });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('etag')).not.toBe(etag);
    expect((await get(SERIES, analyst, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    // The same question with its parameters in another order is the same answer.
    const reordered = `/api/series?breakdown=sex&stat=count&area=${STOCKPORT}&indicator=referrals.referrals`;
    expect((await get(reordered, analyst, { 'if-none-match': etag })).status).toBe(304);
  });

  it('refusals are never answered 304, whatever tag comes with them', async () => {
    const path = '/api/series?indicator=referrals.nonsense&area=E08000007';
    const bad = await get(path, analyst);
    expect(bad.status).toBe(400);
    const tag = bad.headers.get('etag') ?? '"none"';
    expect((await get(path, analyst, { 'if-none-match': tag })).status).toBe(400);
    expect((await get(path, analyst, { 'if-none-match': await etagOf(SERIES, analyst) })).status).toBe(400);
  });
});

describe('a kept answer is compressed once', () => {
  it('is sent gzipped to askers that accept it and as it is to those that do not, the same answer under one tag', async () => {
    const path = `${SERIES}&compare=england`;
    await etagOf(path, analyst); // computed and kept (its gzip is made off the main thread)
    await new Promise((r) => setTimeout(r, 200));
    const zipped = await get(path, analyst, { 'accept-encoding': 'gzip' });
    const plain = await get(path, analyst, { 'accept-encoding': 'identity' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    // The kept bytes go out whole, with their length: the compression middleware would stream
    // (chunked, no length) what it compressed for this request.
    const raw = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
      httpGet(t.baseUrl + path, { headers: { cookie: analyst.cookie, 'accept-encoding': 'gzip' } }, (res) => {
        res.resume();
        resolve(res.headers);
      }).on('error', reject);
    });
    expect(raw['content-encoding']).toBe('gzip');
    expect(raw['transfer-encoding']).toBeUndefined();
    expect(Number(raw['content-length'])).toBeGreaterThan(100);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(zipped.headers.get('etag')).toBe(plain.headers.get('etag'));
    // fetch undoes the gzip: both bodies are the same answer.
    expect(await zipped.json()).toEqual(await plain.json());
  });
});

describe('views never share an answer', () => {
  it('a viewer never receives the analyst\'s cached raw figures, even with the analyst\'s tag', async () => {
    const raw = await get(SERIES, analyst);
    const rawBody = (await raw.json()) as { rows: { period: string; breakdown: string | null; numerator: number | null; suppressed: boolean }[] };
    const rawCell = rawBody.rows.find((r) => r.period === '2015-Q1' && r.breakdown === 'female')!;
    expect(rawCell).toMatchObject({ numerator: 1, suppressed: false });

    const protectedAnswer = await get(SERIES, viewer, { 'if-none-match': raw.headers.get('etag')! });
    expect(protectedAnswer.status).toBe(200);
    expect(protectedAnswer.headers.get('etag')).not.toBe(raw.headers.get('etag'));
    const body = (await protectedAnswer.json()) as { rows: { period: string; breakdown: string | null; numerator: number | null; suppressed: boolean; protection: string }[] };
    const cell = body.rows.find((r) => r.period === '2015-Q1' && r.breakdown === 'female')!;
    // A true 1 is published within 2 of itself and never as a count from 1 to 4: `c`, or 0.
    expect(cell.protection).not.toBe('none');
    if (cell.suppressed) expect(cell.numerator).toBeNull();
    else expect(cell.numerator).toBe(0);
    expect(body.rows.some((r) => r.numerator !== null && r.numerator >= 1 && r.numerator <= 4)).toBe(false);
    // And the other way round: the analyst, asking after the viewer, still gets raw figures.
    const rawAgain = (await (await get(SERIES, analyst)).json()) as typeof rawBody;
    expect(rawAgain.rows.find((r) => r.period === '2015-Q1' && r.breakdown === 'female')).toMatchObject({ numerator: 1 });
  });

  it('an analyst scoped to one area never receives another scope\'s answer or a way round its refusal', async () => {
    const own = await get(SERIES, stockport);
    expect(own.status).toBe(200);
    await own.arrayBuffer();
    const other = await get(SERIES, nottingham, { 'if-none-match': own.headers.get('etag')! });
    expect(other.status).toBe(403);
    // England is open to both, but each scope has its own tag: neither may answer the other.
    const stockportEngland = await etagOf(ENGLAND, stockport);
    const nottinghamEngland = await etagOf(ENGLAND, nottingham);
    expect(nottinghamEngland).not.toBe(stockportEngland);
    expect(await stillValid(ENGLAND, nottingham, stockportEngland)).toBe(false);
  });

  it('a plan a scope may not read stays refused after one that may has had it cached', async () => {
    expect((await get('/api/plans/cache-plan', stockport)).status).toBe(200);
    expect((await get('/api/plans/cache-plan', stockport)).status).toBe(200);
    const refused = await get('/api/plans/cache-plan', nottingham);
    expect(refused.status).toBe(403);
  });
});

describe('writes move exactly what they change', () => {
  it('an upload of referrals renews referrals answers and the catalogue, and leaves other datasets\' answers valid', async () => {
    const referrals = await etagOf(SERIES, analyst);
    const missing = await etagOf(MISSING, analyst);
    const indicators = await etagOf('/api/indicators', analyst);
    const before = (await (await get(SERIES, analyst)).json()) as { rows: { period: string; breakdown: string | null; numerator: number | null }[] };
    expect(before.rows.find((r) => r.period === '2015-Q3')).toBeUndefined();

    expect((await post('/api/uploads/referrals', referralsExtract(['2015-Q3'], () => 7), analyst)).status).toBe(201);

    expect(await stillValid(SERIES, analyst, referrals)).toBe(false);
    expect(await stillValid('/api/indicators', analyst, indicators)).toBe(false);
    expect(await stillValid(MISSING, analyst, missing)).toBe(true);
    const after = (await (await get(SERIES, analyst)).json()) as typeof before;
    expect(after.rows.find((r) => r.period === '2015-Q3' && r.breakdown === 'female')).toMatchObject({ numerator: 7 });
  });

  it('a refused upload changes no answer', async () => {
    const before = await (await get(SERIES, analyst)).text();
    expect((await post('/api/uploads/referrals', 'period,area_code,referrals\nnot a period,E08000007,1\n', analyst)).status).toBe(422);
    expect(await (await get(SERIES, analyst)).text()).toBe(before);
  });

  it('a plan change renews plan answers and leaves extract series valid', async () => {
    const plans = await etagOf('/api/plans', analyst);
    const plan = await etagOf('/api/plans/cache-plan', analyst);
    const referrals = await etagOf(SERIES, analyst);
    const res = await fetch(`${t.baseUrl}/api/plans/cache-plan/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...analyst.headers },
      body: JSON.stringify([{ ref: '1', period: '2015-Q3', status: 'on_track' }]),
    });
    expect(res.status, await res.text()).toBe(201);
    expect(await stillValid('/api/plans', analyst, plans)).toBe(false);
    expect(await stillValid('/api/plans/cache-plan', analyst, plan)).toBe(false);
    expect(await stillValid(SERIES, analyst, referrals)).toBe(true);
  });
});
