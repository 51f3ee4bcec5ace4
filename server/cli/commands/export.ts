import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATASET_IDS } from '../../../pipelines/extract-schema.js';
import type { Database } from '../../db/database.js';
import type { CommandContext } from '../context.js';
import { EXIT, UsageError } from '../usage.js';

const quote = (path: string) => `'${path.replaceAll("'", "''")}'`;

/**
 * Writes every table. Facts go to `facts/dataset=<id>/period=<YYYY-Qn>/` (Hive partitioning),
 * which Spark, Trino and DuckDB read as one partitioned table per dataset.
 */
export async function exportCommand(ctx: CommandContext, db: Database): Promise<number> {
  const out = ctx.flags.out;
  if (typeof out !== 'string') throw new UsageError('export needs --out DIR');
  const format = (ctx.flags.format ?? 'parquet') as string;
  if (format !== 'parquet' && format !== 'csv') throw new UsageError('--format must be parquet or csv');
  const dir = resolve(out);
  mkdirSync(join(dir, 'facts'), { recursive: true });
  const written: string[] = [];
  await db.withConnection(async (c) => {
    const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1`))
      .getRowObjectsJS()
      .map((r) => String(r.table_name));
    for (const table of tables) {
      const dataset = DATASET_IDS.find((d) => `${d}_facts` === table);
      if (dataset) {
        const target = join(dir, 'facts', `dataset=${dataset}`);
        await c.run(`COPY (SELECT * FROM ${table}) TO ${quote(target)}
          (FORMAT ${format}, PARTITION_BY (period), OVERWRITE_OR_IGNORE true${format === 'csv' ? ', HEADER true' : ''})`);
        written.push(target);
      } else {
        const target = join(dir, `${table}.${format}`);
        await c.run(`COPY ${table} TO ${quote(target)} (FORMAT ${format}${format === 'csv' ? ', HEADER true' : ''})`);
        written.push(target);
      }
    }
  });
  ctx.print({ ok: true, out: dir, format, written }, () => `Exported ${written.length} tables to ${dir} as ${format}.`);
  return EXIT.done;
}
