import { existsSync } from 'node:fs';
import { importOfficialStats, isStatsName, type ImportStatsResult } from '../../../pipelines/official-stats/import-stats.js';
import { Database } from '../../db/database.js';
import type { CommandContext } from '../context.js';
import { EXIT, UsageError } from '../usage.js';

/** `import-stats <file.csv> --name SLUG`: an EES tidy file as benchmark indicators `SLUG.<column>`. */
export async function importStatsCommand(ctx: CommandContext, path: string): Promise<number> {
  const [file] = ctx.positionals;
  const name = ctx.flags.name;
  if (!file || typeof name !== 'string') {
    throw new UsageError('import-stats needs a file and a name: cse-profile import-stats factors.csv --name cin_factors');
  }
  if (!isStatsName(name)) throw new UsageError(`--name "${name}" must be lower-case letters, digits and _, starting with a letter`);
  if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);

  const db = await Database.open({ path });
  let result: ImportStatsResult;
  try {
    const connection = await db.connect();
    try {
      result = await importOfficialStats(connection, { path: file, name, user: process.env.USER ?? 'cli' });
    } finally {
      connection.closeSync();
    }
  } finally {
    db.close();
  }
  ctx.print(result, () => describe(result));
  return result.ok ? EXIT.done : EXIT.refused;
}

function describe(r: ImportStatsResult): string {
  const warnings = r.warnings.map((w) => `warning: ${w}`);
  if (!r.ok) {
    const more = r.error_count > r.errors.length ? [`  … and ${r.error_count - r.errors.length} more`] : [];
    return [`Refused: ${r.error_count} problem(s); nothing was stored.`, ...r.errors.map((e) => `  ${e.code}: ${e.message}`), ...more, ...warnings].join('\n');
  }
  return [
    `Imported ${r.rows} rows as ${r.indicators.length} indicator(s) named ${r.name}.*`,
    `Levels: ${r.geographic_levels.join(', ')}; periods: ${r.periods.join(', ')}`,
    ...(r.filters.length ? [`Filters: ${r.filters.join(', ')}`] : []),
    ...warnings,
  ].join('\n');
}
