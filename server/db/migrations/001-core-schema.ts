import { COMMON_DIMENSIONS, DATASETS } from '../../../pipelines/extract-schema.js';
import type { Migration } from '../migrations.js';

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Each dimension is an ENUM over the data dictionary's values at version 1: a byte per value
 * on disk, and uploads write in two thirds of the time VARCHAR columns took. A later change to
 * a list needs a migration of its own (test/server/db/schema.test.ts checks they agree).
 */
const DIMENSION_TYPES = new Map(
  Object.values(DATASETS)
    .flatMap((d) => d.dimensions)
    .map((d) => [d.name, `CREATE TYPE cse_${d.name} AS ENUM (${d.values.map(lit).join(', ')})`]),
);

const dimensions = COMMON_DIMENSIONS.map((d) => `${d.name} cse_${d.name}`).join(', ');
const partition = 'upload_id BIGINT NOT NULL, area_code VARCHAR NOT NULL, period VARCHAR NOT NULL';

/**
 * Facts are stored aggregated: one row per upload, area, quarter and combination of dimension
 * values. A NULL dimension means the upload was not broken down by it; `unknown` means it was
 * and the value was not recorded.
 */
export const coreSchema: Migration = {
  version: 1,
  name: 'core schema: areas, populations, neighbours, upload log, extract facts',
  async up(c) {
    for (const sql of DIMENSION_TYPES.values()) await c.run(sql);
    await c.run(`CREATE TABLE areas (
      code VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      kind VARCHAR NOT NULL CHECK (kind IN ('country', 'region', 'la', 'district', 'locality')),
      parent_code VARCHAR,
      dfe_code VARCHAR,
      live BOOLEAN NOT NULL,
      terminated_on DATE
    )`);
    await c.run(`CREATE TABLE area_successors (
      old_code VARCHAR NOT NULL, new_code VARCHAR NOT NULL, changed_on DATE NOT NULL,
      PRIMARY KEY (old_code, new_code)
    )`);
    await c.run(`CREATE TABLE populations (
      area_code VARCHAR NOT NULL,
      year INTEGER NOT NULL,
      age_band VARCHAR NOT NULL,
      sex VARCHAR NOT NULL,
      population DOUBLE NOT NULL,
      estimated BOOLEAN NOT NULL,
      source VARCHAR NOT NULL,
      PRIMARY KEY (area_code, year, age_band, sex)
    )`);
    await c.run(`CREATE TABLE statistical_neighbours (
      area_code VARCHAR NOT NULL, rank INTEGER NOT NULL, neighbour_code VARCHAR NOT NULL,
      closeness VARCHAR, model VARCHAR NOT NULL,
      PRIMARY KEY (area_code, rank)
    )`);
    await c.run('CREATE SEQUENCE upload_id_seq START 1');
    await c.run(`CREATE TABLE upload_log (
      id BIGINT PRIMARY KEY,
      dataset VARCHAR NOT NULL,
      file_name VARCHAR NOT NULL,
      sha256 VARCHAR NOT NULL,
      uploaded_by VARCHAR NOT NULL,
      uploaded_at TIMESTAMPTZ NOT NULL,
      kind VARCHAR NOT NULL CHECK (kind IN ('aggregate', 'records')),
      rows BIGINT NOT NULL,
      partitions INTEGER NOT NULL,
      totals JSON NOT NULL,
      warnings VARCHAR[] NOT NULL
    )`);
    await c.run(`CREATE TABLE upload_partitions (
      upload_id BIGINT NOT NULL,
      dataset VARCHAR NOT NULL,
      area_code VARCHAR NOT NULL,
      period VARCHAR NOT NULL,
      replaced BOOLEAN NOT NULL,
      previous_upload_id BIGINT,
      previous_totals JSON,
      new_totals JSON NOT NULL,
      PRIMARY KEY (upload_id, area_code, period)
    )`);
    await c.run(`CREATE TABLE referrals_facts (${partition}, ${dimensions},
      source cse_source, risk_level cse_risk_level, concern cse_concern, exploitation_model cse_exploitation_model,
      referrals BIGINT, children BIGINT)`);
    await c.run(`CREATE TABLE missing_facts (${partition}, ${dimensions},
      missing_from cse_missing_from,
      episodes BIGINT, children BIGINT, return_interviews_offered BIGINT,
      return_interviews_within_72h BIGINT, episodes_with_cse_concern BIGINT)`);
    await c.run(`CREATE TABLE mase_facts (${partition}, ${dimensions},
      risk_level cse_risk_level,
      cases_discussed BIGINT, new_cases BIGINT, cases_closed BIGINT, closed_risk_reduced BIGINT,
      perpetrators_identified BIGINT, locations_identified BIGINT, disruption_actions BIGINT)`);
  },
};
