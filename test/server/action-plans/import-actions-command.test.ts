/** `cse-profile import-actions <actions.csv> [--status status.csv] [--measures measures.csv] --json`: its one JSON object and exit code. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { importActionsCommand } from '../../../server/cli/commands/import-actions.js';
import type { CommandContext } from '../../../server/cli/context.js';
import { EXIT, UsageError } from '../../../server/cli/usage.js';
import { EXAMPLES_DIR } from '../../../pipelines/project-paths.js';

const dir = mkdtempSync(join(tmpdir(), 'cse-import-actions-'));
const dbPath = join(dir, 'plans.duckdb');
const seed = (file: string) => join(EXAMPLES_DIR, 'action-plans', file);

async function run(positionals: string[], flags: CommandContext['flags'] = {}): Promise<{ code: number; output: unknown }> {
  let output: unknown;
  const ctx: CommandContext = {
    positionals,
    flags: { json: true, ...flags },
    json: true,
    showProgress: false,
    print: (value) => {
      output = value;
    },
  };
  const code = await importActionsCommand(ctx, dbPath);
  return { code, output };
}

describe('import-actions', () => {
  it('loads a plan with its statuses and prints the summary', async () => {
    const { code, output } = await run([seed('nottingham-cse-2012-14.actions.csv')], { status: seed('nottingham-cse-2012-14.status.csv') });
    expect(code).toBe(EXIT.done);
    expect(output).toMatchObject({
      ok: true,
      plans: [{ plan: 'nottingham-cse-2012-14', area_code: 'E06000018', actions: 26, statuses: 90, replaced: false }],
      actions: 26,
      statuses: 90,
      warnings: [],
    });
  });

  it('refuses a bad file with exit code 1, every error with its file, line and column', async () => {
    const bad = join(dir, 'bad.actions.csv');
    writeFileSync(bad, 'plan,plan_name,area_code,ref,strand,action\nbad-plan,Bad,E08000007,,Prevent,Train\nbad-plan,,,1,,Talk\n');
    const { code, output } = await run([bad]);
    expect(code).toBe(EXIT.refused);
    expect(output).toEqual({
      ok: false,
      errors: [
        { file: 'actions', line: 2, column: 'ref', code: 'missing_ref', message: expect.any(String) },
        { file: 'actions', line: 3, column: 'strand', code: 'missing_strand', message: expect.any(String) },
      ],
      error_count: 2,
      warnings: [],
    });
  });

  it('loads a plan with its measures of success, and refuses a bad measures file naming it by role', async () => {
    const slug = 'stockport-sscb-cse-2014-16';
    const { code, output } = await run([seed(`${slug}.actions.csv`)], { measures: seed(`${slug}.measures.csv`) });
    expect(code).toBe(EXIT.done);
    expect(output).toMatchObject({ ok: true, plans: [{ plan: slug, measures: 4, measure_values: 22 }], measure_values: 22 });
    const bad = join(dir, 'bad.measures.csv');
    writeFileSync(bad, `plan,measure,name,unit,period,value
${slug},risk_score,Risk,points,2015-Q1,3
`);
    const refused = await run([seed(`${slug}.actions.csv`)], { measures: bad });
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.output).toMatchObject({ ok: false, errors: [{ file: 'measures', line: 2, column: 'unit', code: 'unreadable_unit' }] });
    await expect(run([seed(`${slug}.actions.csv`)], { measures: true })).rejects.toBeInstanceOf(UsageError);
  });

  it('says how to use it', async () => {
    await expect(run([])).rejects.toBeInstanceOf(UsageError);
    await expect(run([join(dir, 'missing.csv')])).rejects.toBeInstanceOf(UsageError);
  });
});
