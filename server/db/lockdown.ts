import { resolve } from 'node:path';
import type { Database } from './database.js';

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * After start-up (migrations, first admin) no query needs the file system beyond the upload
 * directory and DuckDB's own spill directory, so nothing else is allowed: `read_csv`, `COPY`,
 * `ATTACH`, `glob` and extension loading fail anywhere else, and the configuration is locked so
 * no later statement can undo it. The settings are global to the instance, so they hold for
 * every connection, pooled or not. DuckDB still writes its own database file and WAL.
 */
export async function lockDown(db: Database, allowedDirectories: readonly string[]): Promise<void> {
  await db.withConnection(async (c) => {
    const reader = await c.runAndReadAll(`SELECT current_setting('temp_directory') AS dir`);
    const spill = String(reader.getRowObjectsJS()[0]!.dir);
    const dirs = [...new Set([...allowedDirectories, spill].map((d) => resolve(d)))];
    // SET takes no parameters; these are our own directory names, quoted.
    await c.run(`SET allowed_directories = [${dirs.map(quote).join(', ')}]`);
    await c.run('SET enable_external_access = false');
    await c.run('SET lock_configuration = true');
  });
}
