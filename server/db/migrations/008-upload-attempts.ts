import { join } from 'node:path';
import { REFERENCE_DIR } from '../../../pipelines/project-paths.js';
import { buildAreaNameLookup } from '../../../pipelines/area-names.js';
import type { Migration } from '../migrations.js';

const GIAS_NAMES = join(REFERENCE_DIR, 'la-lookups', 'gias_EnglishLaNameCodes.csv').replaceAll("'", "''");

/**
 * Other names of areas: the GIAS list's (data/reference/la-lookups, OGL v3), which an upload may
 * use for an area besides the DfE list's name (pipelines/area-names.ts); read here because the
 * server allows no file reads once started; and every written form of every area's names
 * (`area_name_lookup`).
 *
 * Every upload attempt, refused ones too: who, when, which file, the outcome, the areas it
 * covered and how many problems of each rule it had. Never row contents. Loaded uploads are
 * recorded in their load's transaction; refusals after validation. Earlier loads are carried
 * over from the upload log.
 */
export const uploadAttempts: Migration = {
  version: 8,
  name: 'upload attempts: loaded and refused, with areas and error counts by rule; area names as people write them',
  async up(c) {
    await c.run(`CREATE TABLE area_other_names (code VARCHAR NOT NULL, name VARCHAR NOT NULL, source VARCHAR NOT NULL, PRIMARY KEY (code, name))`);
    await c.run(`INSERT INTO area_other_names
      SELECT DISTINCT g.code, g.name, 'GIAS'
      FROM read_csv('${GIAS_NAMES}', header = false, skip = 1, delim = ',', quote = '"',
                    columns = {'name': 'VARCHAR', 'dfe': 'VARCHAR', 'code': 'VARCHAR'}, auto_detect = false) g
      JOIN areas a ON a.code = g.code AND a.name <> g.name`);
    await buildAreaNameLookup(c);
    await c.run('CREATE SEQUENCE upload_attempt_seq START 1');
    await c.run(`CREATE TABLE upload_attempts (
      id BIGINT PRIMARY KEY,
      dataset VARCHAR NOT NULL,
      file_name VARCHAR NOT NULL,
      sha256 VARCHAR NOT NULL,
      attempted_by VARCHAR NOT NULL,
      attempted_at TIMESTAMPTZ NOT NULL,
      outcome VARCHAR NOT NULL CHECK (outcome IN ('loaded', 'refused')),
      upload_id BIGINT,
      rows BIGINT,
      areas VARCHAR[] NOT NULL,
      error_count BIGINT NOT NULL,
      errors_by_code JSON NOT NULL
    )`);
    await c.run(`INSERT INTO upload_attempts
      SELECT nextval('upload_attempt_seq'), l.dataset, l.file_name, l.sha256, l.uploaded_by, l.uploaded_at, 'loaded', l.id, l.rows,
             coalesce((SELECT list(DISTINCT p.area_code ORDER BY p.area_code) FROM upload_partitions p WHERE p.upload_id = l.id), []),
             0, '{}'
      FROM (SELECT * FROM upload_log ORDER BY id) l`);
  },
};
