/**
 * One measured operation in a process of its own, so that its peak memory is its own:
 *   node dist/bench/ingest-child.js bare|ingest FILE DB
 * Prints one JSON line: {ms, maxRssBytes, ...}.
 */
import { ingestExtract } from '../pipelines/ingest.js';
import { Database } from '../server/db/database.js';

const [mode, file, dbPath] = process.argv.slice(2);
if ((mode !== 'bare' && mode !== 'ingest') || !file || !dbPath) {
  process.stderr.write('usage: ingest-child.js bare|ingest FILE DB\n');
  process.exit(2);
}

const db = await Database.open({ path: dbPath });
const connection = await db.connect();
const started = performance.now();
let detail: Record<string, unknown> = {};
if (mode === 'bare') {
  await connection.run(`CREATE TABLE bare AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`);
  const r = await connection.runAndReadAll('SELECT count(*) AS n FROM bare');
  detail = { rows: Number(r.getRowObjectsJS()[0]!.n) };
} else {
  const result = await ingestExtract(connection, { dataset: 'referrals', path: file, user: 'bench' });
  if (!result.ok) throw new Error(`bench extract refused: ${result.errors[0]?.message}`);
  detail = { rows: result.rows, partitions: result.partitions.length };
}
const ms = performance.now() - started;
connection.closeSync();
db.close();
process.stdout.write(`${JSON.stringify({ mode, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, ...detail })}\n`);
