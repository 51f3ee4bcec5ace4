import { existsSync } from 'node:fs';
import { ingestExtract, type IngestResult } from '../../../pipelines/ingest.js';
import { DATASET_IDS, isDatasetId } from '../../../pipelines/extract-schema.js';
import type { Database } from '../../db/database.js';
import { ProgressBar } from '../progress-bar.js';
import { EXIT, UsageError } from '../usage.js';
import type { CommandContext } from '../context.js';

export async function ingestCommand(ctx: CommandContext, db: Database): Promise<number> {
  const [dataset, file] = ctx.positionals;
  if (!dataset || !file) throw new UsageError('ingest needs a dataset and a file: cse-profile ingest referrals extract.csv');
  if (!isDatasetId(dataset)) throw new UsageError(`unknown dataset "${dataset}"; expected one of ${DATASET_IDS.join(', ')}`);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);

  const bar = ctx.showProgress ? new ProgressBar() : null;
  const connection = await db.connect();
  let result: IngestResult;
  try {
    result = await ingestExtract(connection, {
      dataset,
      path: file,
      dryRun: ctx.flags['dry-run'] === true,
      ...(typeof ctx.flags.sheet === 'string' ? { sheet: ctx.flags.sheet } : {}),
      user: process.env.USER ?? 'cli',
      onProgress: (p) => bar?.update(p.phase, p.fraction),
    });
  } finally {
    bar?.done();
    connection.closeSync();
  }
  ctx.print(result, () => describeIngest(result));
  return result.ok ? EXIT.done : EXIT.refused;
}

function describeIngest(r: IngestResult): string {
  const warnings = r.warnings.map((w) => `warning: ${w}`);
  if (!r.ok) {
    const rules = r.by_rule.map((g) => `  ${g.code} × ${g.count}${g.lines.length ? ` (first at line ${g.lines.join(', ')})` : ''}${g.fix ? `: ${g.fix}` : ''}`);
    const shown = r.errors.map((e) => `  ${e.code}: ${e.message}`);
    const more = r.error_count > r.errors.length ? [`  … and ${r.error_count - r.errors.length} more`] : [];
    return [`Refused: ${r.error_count} problem(s); nothing was stored.`, 'By rule:', ...rules, 'Problems:', ...shown, ...more, ...warnings].join('\n');
  }
  const replaced = r.partitions.filter((p) => p.replaced).length;
  const verb = r.dry_run ? 'Would load' : 'Loaded';
  return [
    `${verb} ${r.rows} ${r.kind === 'records' ? 'records' : 'rows'} of ${r.dataset} into ${r.partitions.length} partition(s) (${replaced} replaced).`,
    `Totals: ${Object.entries(r.totals).map(([k, v]) => `${k} ${v ?? '—'}`).join(', ')}`,
    ...warnings,
  ].join('\n');
}
