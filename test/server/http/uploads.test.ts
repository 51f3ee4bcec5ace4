import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerHeaders, createUser, signIn, type SignedIn } from '../../helpers/auth.js';
import { referralsExtract, startTestServer, type TestServer } from '../../helpers/server.js';

let t: TestServer;
let analyst: SignedIn;
let bearer: Record<string, string>;
const MAX_UPLOAD_BYTES = 64 * 1024;

beforeAll(async () => {
  t = await startTestServer({ config: { maxUploadBytes: MAX_UPLOAD_BYTES } });
  await createUser(t.db, 'ann', 'analyst');
  analyst = await signIn(t.baseUrl, 'ann');
  bearer = await bearerHeaders(t.baseUrl, 'ann');
});
afterAll(() => t.close());

const uploadDirEntries = () => readdirSync(t.config.uploadDir!);

function upload(dataset: string, body: BodyInit, headers: Record<string, string> = {}, query = '') {
  return fetch(`${t.baseUrl}/api/uploads/${dataset}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...analyst.headers, ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

async function factTotals(): Promise<{ female: number; male: number; uploads: number; logged: number }> {
  return t.db.withConnection(async (c) => {
    const reader = await c.runAndReadAll(`SELECT
        coalesce(sum(referrals) FILTER (WHERE sex = 'female'), 0) AS female,
        coalesce(sum(referrals) FILTER (WHERE sex = 'male'), 0) AS male,
        count(DISTINCT upload_id) AS uploads,
        (SELECT count(*) FROM upload_log WHERE dataset = 'referrals') AS logged
      FROM referrals_facts`);
    const r = reader.getRowObjectsJS()[0]!;
    return { female: Number(r.female), male: Number(r.male), uploads: Number(r.uploads), logged: Number(r.logged) };
  });
}

describe('POST /api/uploads/:dataset', () => {
  it('loads an extract: 201 with the ingest object, logged under the sanitised file name and audited', async () => {
    const res = await upload('referrals', referralsExtract(['2015-Q1', '2015-Q2'], () => 3), { 'x-file-name': '../../Stockport%20Q1.csv' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: true, dataset: 'referrals', rows: 4, totals: { referrals: 12 }, dry_run: false });
    expect(body.partitions).toHaveLength(2);
    const log = (await (await fetch(`${t.baseUrl}/api/uploads`, { headers: analyst.headers })).json()) as { file_name: string; user: string }[];
    expect(log[0]).toMatchObject({ file_name: 'Stockport Q1.csv', user: 'ann', outcome: 'loaded' });
    const audit = await t.db.withConnection((c) => c.runAndReadAll(`SELECT details::VARCHAR AS d FROM audit_log WHERE action = 'upload_accepted'`));
    const details = JSON.parse(String(audit.getRowObjectsJS()[0]!.d)) as Record<string, unknown>;
    expect(details).toMatchObject({ file_name: 'Stockport Q1.csv', rows: 4, partitions: 2, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(uploadDirEntries()).toEqual([]);
  });

  it('validates only with ?dry_run=1 (200, nothing stored) and takes ?filename=', async () => {
    const before = await factTotals();
    const res = await upload('referrals', referralsExtract(['2016-Q1'], () => 5), {}, '?dry_run=1&filename=..%2F..%2Fcheck.csv');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, dry_run: true, upload_id: null });
    expect(await factTotals()).toEqual(before);
  });

  it('refuses an invalid extract with 422 and the refusal object; markup in a value comes back only as JSON data', async () => {
    const script = '<script>alert(1)</script>';
    const res = await upload('referrals', `period,area_code,sex,referrals\n2015-Q3,E08000007,${script},4\n`, bearer);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await res.text();
    const body = JSON.parse(text) as { ok: boolean; errors: { line: number; column: string; code: string; message: string }[] };
    expect(body.ok).toBe(false);
    expect(body.errors[0]).toMatchObject({ line: 2, column: 'sex' });
    // The value appears, if at all, inside a JSON string: the client puts it in the page as text.
    const mentions = JSON.stringify(body.errors[0]);
    if (mentions.includes('<script>')) expect(() => JSON.parse(text)).not.toThrow();
    const audit = await t.db.withConnection((c) => c.runAndReadAll(`SELECT details::VARCHAR AS d FROM audit_log WHERE action = 'upload_refused'`));
    const details = String(audit.getRowObjectsJS()[0]!.d);
    expect(details).toContain('error_codes');
    expect(details).not.toContain('<script>');
  });

  it('refuses a viewer (403) and an unknown or hostile dataset name (404) without reading the body', async () => {
    await createUser(t.db, 'vic', 'viewer');
    const viewer = await signIn(t.baseUrl, 'vic');
    expect((await upload('referrals', 'period\n', viewer.headers)).status).toBe(403);
    for (const name of ['..%2F..%2Fetc%2Fpasswd', "referrals'%3B%20DROP%20TABLE%20referrals_facts%3B--", 'upload_log', '%00']) {
      const res = await upload(name, referralsExtract(['2015-Q1'], () => 1));
      expect(res.status, name).toBe(404);
    }
    expect((await factTotals()).logged).toBeGreaterThan(0);
  });

  it('answers 413 beyond CSE_PROFILE_MAX_UPLOAD_MB, declared or streamed, leaving no temporary file', async () => {
    const big = 'period,area_code,sex,referrals\n' + '2015-Q1,E08000007,female,1\n'.repeat(MAX_UPLOAD_BYTES / 20);
    const declared = await upload('referrals', big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: 'payload_too_large' });
    const chunks = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chunks.length; i += 8192) controller.enqueue(chunks.subarray(i, i + 8192));
        controller.close();
      },
    });
    const streamed = await upload('referrals', stream);
    expect(streamed.status).toBe(413);
    expect(uploadDirEntries()).toEqual([]);
  });

  it('refuses a JSON or form body with 415', async () => {
    expect((await upload('referrals', '{}', { 'content-type': 'application/json' })).status).toBe(415);
    expect((await upload('referrals', 'x', { 'content-type': 'multipart/form-data; boundary=x' })).status).toBe(415);
  });

  it('leaves no temporary file after a truncated request or a garbage body', async () => {
    const port = new URL(t.baseUrl).port;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /api/uploads/referrals HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 50000\r\n` +
            `Cookie: ${analyst.cookie}\r\nX-CSRF-Token: ${analyst.csrfToken}\r\n\r\nperiod,area_code,sex,referrals\n2015-Q1,E0800`,
        );
        setTimeout(() => socket.destroy(), 200);
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(uploadDirEntries()).toEqual([]);

    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const res = await upload('referrals', garbage);
    expect(res.status).toBe(422);
    expect(uploadDirEntries()).toEqual([]);
    expect((await fetch(`${t.baseUrl}/api/health`)).status).toBe(200);
  });
});

describe('GET /api/uploads/jobs/:id', () => {
  it('follows an upload with ?job= from receiving to done, for its owner only', async () => {
    const id = `job-${Date.now()}`;
    const body = referralsExtract(['2014-Q1', '2014-Q2', '2014-Q3'], () => 2);
    const phases = new Set<string>();
    const pending = upload('referrals', body, {}, `?job=${id}`);
    for (;;) {
      const res = await fetch(`${t.baseUrl}/api/uploads/jobs/${id}`, { headers: analyst.headers });
      if (res.status === 200) {
        const job = (await res.json()) as { phase: string; status: number | null; bytes: number };
        phases.add(job.phase);
        if (job.status !== null) {
          expect(job).toMatchObject({ phase: 'done', status: 201, bytes: Buffer.byteLength(body), dataset: 'referrals' });
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await pending).status).toBe(201);
    expect(phases).toContain('done');
    await createUser(t.db, 'other-analyst', 'analyst');
    const other = await signIn(t.baseUrl, 'other-analyst');
    expect((await fetch(`${t.baseUrl}/api/uploads/jobs/${id}`, { headers: other.headers })).status).toBe(404);
    expect((await upload('referrals', body, {}, `?job=${id}`)).status).toBe(409);
    expect((await upload('referrals', body, {}, '?job=..%2F..%2Fx')).status).toBe(400);
  });
});

describe('concurrent uploads and reads', () => {
  it('lands 20 interleaved uploads whole; no read ever sees part of one', async () => {
    const before = await factTotals();
    const quarters = Array.from({ length: 20 }, (_, i) => `${2001 + Math.floor(i / 4)}-Q${(i % 4) + 1}`);
    let pending = quarters.length;
    const seen: Awaited<ReturnType<typeof factTotals>>[] = [];
    let readsWhileWriting = 0;
    const reader = (async () => {
      while (pending > 0) {
        const totals = await factTotals();
        seen.push(totals);
        if (pending > 0) readsWhileWriting += 1;
        const log = await fetch(`${t.baseUrl}/api/uploads`, { headers: bearer });
        expect(log.status).toBe(200);
      }
    })();
    const results = await Promise.all(
      quarters.map(async (quarter, i) => {
        // Female and male rows carry the same count, so a half-visible upload would unbalance them.
        const res = await upload('referrals', referralsExtract([quarter], () => i + 1), i % 2 ? bearer : {});
        pending -= 1;
        return res.status;
      }),
    );
    await reader;
    expect(results).toEqual(quarters.map(() => 201));
    const after = await factTotals();
    const added = (quarters.length * (quarters.length + 1)) / 2;
    expect(after.female - before.female).toBe(added);
    expect(after.male - before.male).toBe(added);
    expect(readsWhileWriting).toBeGreaterThan(0);
    for (const s of seen) {
      expect(s.female).toBe(s.male);
      // Facts and the upload log change in one transaction.
      expect(s.uploads).toBe(s.logged);
    }
    expect(uploadDirEntries()).toEqual([]);
  });
});

describe('workbooks, the attempts history and templates', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  type Attempt = { dataset: string; file_name: string; user: string; outcome: string; areas: string[]; error_count: number; errors_by_code: Record<string, number>; rows: number | null };
  const history = async (query = '', headers = analyst.headers) =>
    (await (await fetch(`${t.baseUrl}/api/uploads${query}`, { headers })).json()) as Attempt[];

  it('loads an .xlsx body (?sheet=) with the same result as its CSV, and leaves nothing in the upload directory', async () => {
    const rows = [['period', 'area_code', 'sex', 'referrals'], ['2016-Q1', 'E08000011', 'female', 4], ['2016-Q1', 'E08000011', 'male', 5.000000000000001]];
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['read me']);
    const ws = wb.addWorksheet('Return');
    for (const r of rows) ws.addRow(r);
    const ok = await upload('referrals', Buffer.from(await wb.xlsx.writeBuffer()), { 'content-type': XLSX, 'x-file-name': 'Knowsley.xlsx' }, '?sheet=Return');
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ ok: true, rows: 2, totals: { referrals: 9 } });
    expect(uploadDirEntries()).toEqual([]);
    expect((await history())[0]).toMatchObject({ file_name: 'Knowsley.xlsx', outcome: 'loaded', areas: ['E08000011'], rows: 2 });
  });

  it('lists refused attempts with outcome, areas, counts by rule, who and when, never row contents; filters by dataset and area', async () => {
    const res = await upload('referrals', 'period,area_code,DOB,referrals\n2016-Q2,E08000012,2009-01-02,-4\n2016-Q2,E08000012,2009-03-04,2\n', { 'x-file-name': 'liverpool.csv' });
    expect(res.status).toBe(422);
    const refused = (await history()).find((a) => a.file_name === 'liverpool.csv')!;
    expect(refused).toMatchObject({ dataset: 'referrals', user: 'ann', outcome: 'refused', areas: ['E08000012'], error_count: 2, rows: null,
      errors_by_code: { personal_data_column: 1, negative_count: 1 } });
    expect(JSON.stringify(await history())).not.toContain('2009-01-02');
    expect((await history('?area=E08000012')).map((a) => a.file_name)).toEqual(['liverpool.csv']);
    expect((await history('?dataset=mase'))).toEqual([]);
    expect((await history('?dataset=referrals&area=E08000011')).map((a) => a.file_name)).toEqual(['Knowsley.xlsx']);
  });

  it('shows a scoped analyst only attempts in their areas, and header-only refusals only to whoever made them', async () => {
    await upload('referrals', 'area_code,referrals\nE08000012,1\n', { 'x-file-name': 'no-period.csv' });
    await createUser(t.db, 'kim', 'analyst', ['E08000011']);
    const kim = await signIn(t.baseUrl, 'kim');
    const seen = (await history('', kim.headers)).map((a) => a.file_name);
    expect(seen).toContain('Knowsley.xlsx');
    expect(seen).not.toContain('liverpool.csv');
    expect(seen).not.toContain('no-period.csv');
    expect((await history()).map((a) => a.file_name)).toContain('no-period.csv');
  });

  it('serves templates: the CSV header, and a workbook with Text columns and drop-down lists', async () => {
    const csv = await fetch(`${t.baseUrl}/api/templates/missing.csv`, { headers: analyst.headers });
    expect(csv.headers.get('content-disposition')).toMatch(/missing-template\.csv/);
    expect(await csv.text()).toBe('period,area_code,age_band,sex,ethnicity,looked_after,missing_from,episodes,children,return_interviews_offered,return_interviews_within_72h,episodes_with_cse_concern\r\n');
    const res = await fetch(`${t.baseUrl}/api/templates/referrals.xlsx`, { headers: analyst.headers });
    expect(res.headers.get('content-type')).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('referrals')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => ws.getColumn(header.indexOf(name) + 1);
    expect(col('age_band').numFmt).toBe('@');
    expect(col('period').numFmt).toBe('@');
    expect(col('referrals').numFmt).toBeUndefined();
    const sex = ws.getCell(`${col('sex').letter}500`).dataValidation;
    expect(sex).toMatchObject({ type: 'list', formulae: ['"female,male,other,unknown"'] });
    expect(ws.getCell(`${col('referrals').letter}2`).dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual' });
    expect((await fetch(`${t.baseUrl}/api/templates/nothing.xlsx`, { headers: analyst.headers })).status).toBe(404);
  });
});
