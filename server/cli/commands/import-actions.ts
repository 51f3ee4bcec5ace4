import { existsSync, readFileSync } from 'node:fs';

import { importActionPlans, type ImportActionsResult } from '../../../pipelines/action-plans/import-plan.js';
import type { PlanFile } from '../../../pipelines/action-plans/plan-issues.js';
import { decodePlanFile } from '../../../pipelines/action-plans/plan-text.js';
import { linkableIndicatorIds } from '../../action-plans/linkable-indicators.js';
import { Database } from '../../db/database.js';
import type { CommandContext } from '../context.js';
import { EXIT, UsageError } from '../usage.js';

/** `import-actions <actions.csv> [--status status.csv] [--measures measures.csv]`: check every file, then store the plans or nothing. */
export async function importActionsCommand(ctx: CommandContext, path: string): Promise<number> {
  const [actionsFile] = ctx.positionals;
  const statusFile = ctx.flags.status;
  const measuresFile = ctx.flags.measures;
  if (!actionsFile) {
    throw new UsageError('import-actions needs an actions file: cse-profile import-actions plan.actions.csv [--status plan.status.csv] [--measures plan.measures.csv]');
  }
  if (statusFile !== undefined && typeof statusFile !== 'string') throw new UsageError('--status needs a file');
  if (measuresFile !== undefined && typeof measuresFile !== 'string') throw new UsageError('--measures needs a file');
  for (const file of [actionsFile, statusFile, measuresFile]) {
    if (file !== undefined && !existsSync(file)) throw new UsageError(`no such file: ${file}`);
  }
  const read = (file: string) => decodePlanFile(readFileSync(file));
  const actions = read(actionsFile);
  const status = statusFile === undefined ? {} : { status: read(statusFile) };
  const measures = measuresFile === undefined ? {} : { measures: read(measuresFile) };
  const db = await Database.open({ path });
  let result: ImportActionsResult;
  try {
    result = await db.withConnection(async (connection) =>
      importActionPlans(connection, {
        actions,
        ...status,
        ...measures,
        indicatorIds: await linkableIndicatorIds(connection),
        user: process.env.USER ?? 'cli',
      }));
  } finally {
    db.close();
  }
  // JSON names the file by its role (`actions`, `status`, `measures`) as the HTTP API does; the text names the path.
  const paths: Record<PlanFile, string | undefined> = { actions: actionsFile, status: statusFile, measures: measuresFile };
  const fileName = (file: PlanFile) => paths[file] ?? file;
  ctx.print(result, () => describe(result, fileName));
  return result.ok ? EXIT.done : EXIT.refused;
}

function describe(r: ImportActionsResult, fileName: (file: PlanFile) => string): string {
  const warnings = r.warnings.map((w) => `warning: ${fileName(w.file)} line ${w.line}${w.column ? ` (${w.column})` : ''}: ${w.message}`);
  if (!r.ok) {
    const shown = r.errors.map((e) => `  ${fileName(e.file)} line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.code}: ${e.message}`);
    const more = r.error_count > r.errors.length ? [`  … and ${r.error_count - r.errors.length} more`] : [];
    return [`Refused: ${r.error_count} problem(s); nothing was stored.`, ...shown, ...more, ...warnings].join('\n');
  }
  return [
    ...r.plans.map((p) =>
      `${p.replaced ? 'Replaced' : 'Imported'} ${p.plan} (${p.area_code}): ${p.actions} actions, ${p.statuses} status rows` +
      (p.replaced ? ` (${p.statuses_kept} kept, ${p.statuses_dropped} dropped with their actions)` : '') +
      (p.measures > 0 ? `, ${p.measures} measures of success with ${p.measure_values} values` : '') + '.'),
    ...warnings,
  ].join('\n');
}
