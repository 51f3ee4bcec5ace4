import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Area names as people write them. Besides each area's name in the DfE list, an upload may use
 * its name in the GIAS list (`area_other_names`, migration 008), and the common variants: the
 * ONS "Bristol, City of" as "City of Bristol" or "Bristol", "Nottingham City", "St Helens" for
 * "St. Helens", "&" for "and", a council's name ("Stockport Council"). Matching ignores case,
 * full stops, commas, hyphens and runs of spaces (see `cse_name_key`).
 */

/** Written forms of a name, as SQL list items over the column `name` (and `kind`). */
const FORMS = [
  'name',
  // "Bristol, City of" → "City of Bristol", "Bristol"; "Herefordshire, County of" likewise.
  `regexp_replace(name, '^(.*), (City|County) of$', '\\2 of \\1')`,
  `regexp_replace(name, '^(.*), (City|County) of$', '\\1')`,
  // A unitary or metropolitan authority named for its city: "Nottingham City", "City of Nottingham".
  `CASE WHEN kind = 'la' THEN regexp_replace(name, '^(.*), City of$', '\\1') || ' City' END`,
  `CASE WHEN kind = 'la' AND name NOT LIKE '%, % of' THEN 'City of ' || name END`,
] as const;

/** Spellings of each form: "&" and "and", "St." and "St" and "Saint". */
const SPELLINGS = [
  'name',
  `replace(name, ' and ', ' & ')`,
  `replace(name, ' & ', ' and ')`,
  `regexp_replace(name, '\\bSt\\.? ', 'St ', 'g')`,
  `regexp_replace(name, '\\bSt\\.? ', 'St. ', 'g')`,
  `regexp_replace(name, '\\bSt\\.? ', 'Saint ', 'g')`,
] as const;

const COUNCIL_SUFFIXES = ['', ' Council', ' City Council', ' County Council', ' Borough Council'];

const NAME_KEY_MACRO = `CREATE OR REPLACE TEMP MACRO cse_name_key(s) AS
  trim(regexp_replace(regexp_replace(replace(lower(s), '&', ' and '), '[.,''()]', '', 'g'), '[ \\t\\x{00A0}-]+', ' ', 'g'))`;

/**
 * Builds `area_name_lookup` (key, code, exact): every written form of every area's names, as
 * written and in lower and upper case (`exact`, for the fast path's join) and folded (for the
 * lenient reading). Making the forms takes a tenth of a second, so it is done when the areas
 * change (migration 008, and any later migration that changes them), not for every upload.
 */
export async function buildAreaNameLookup(c: DuckDBConnection): Promise<void> {
  await c.run(NAME_KEY_MACRO);
  await c.run('CREATE TABLE IF NOT EXISTS area_name_lookup (key VARCHAR NOT NULL, code VARCHAR NOT NULL, exact BOOLEAN NOT NULL)');
  await c.run('DELETE FROM area_name_lookup');
  await c.run(`CREATE OR REPLACE TEMP TABLE cse_area_variants AS
    WITH base AS (
      SELECT name, kind, code, live FROM areas
      UNION
      SELECT o.name, a.kind, a.code, a.live FROM area_other_names o JOIN areas a USING (code)
    ),
    forms AS (SELECT DISTINCT unnest([${FORMS.join(', ')}]) AS name, code, live FROM base),
    spelled AS (SELECT DISTINCT unnest([${SPELLINGS.join(', ')}]) AS name, code, live FROM forms WHERE name IS NOT NULL),
    named AS (SELECT DISTINCT unnest([${COUNCIL_SUFFIXES.map((x) => `name || '${x}'`).join(', ')}]) AS name, code, live FROM spelled)
    SELECT name, cse_name_key(name) AS key, code, live FROM named`);
  // A name shared by a live and a retired area means the live one; two live ones (or two
  // retired ones) are ambiguous and match neither, so a variant never picks an area by chance.
  await c.run(`CREATE OR REPLACE TEMP TABLE cse_area_folded AS
    SELECT key, arg_max(code, live::INTEGER) AS code
    FROM cse_area_variants GROUP BY key
    HAVING count(DISTINCT code) FILTER (WHERE live) = 1 OR count(DISTINCT code) = 1`);
  await c.run(`INSERT INTO area_name_lookup
    SELECT key, code, false FROM cse_area_folded
    UNION ALL
    SELECT DISTINCT unnest([v.name, lower(v.name), upper(v.name)]), f.code, true
    FROM cse_area_variants v JOIN cse_area_folded f USING (key)`);
  await c.run('DROP TABLE cse_area_variants');
  await c.run('DROP TABLE cse_area_folded');
}

/** Lookups of area codes, made once per validating connection. */
const AREA_CODE_TABLES = [
  `CREATE OR REPLACE TEMP TABLE cse_area_index AS
    SELECT code, name, kind, live, row_number() OVER (ORDER BY code)::USMALLINT AS idx FROM areas`,
  `CREATE OR REPLACE TEMP TABLE cse_area_codes AS
    SELECT DISTINCT unnest([code, upper(code), lower(code)]) AS key, idx FROM cse_area_index`,
] as const;

/** Lookups of area names, made only for a file that names areas. */
const AREA_NAME_TABLES = [
  // The folding that lenient matching applies to a name, here and in the lookup's keys alike.
  NAME_KEY_MACRO,
  // An area added since the lookup was built (none is, today) is still found by its own name.
  `CREATE OR REPLACE TEMP TABLE cse_area_folded AS
    SELECT l.key, i.idx FROM area_name_lookup l JOIN cse_area_index i USING (code) WHERE NOT l.exact
    UNION ALL
    SELECT DISTINCT cse_name_key(i.name), i.idx FROM cse_area_index i
    WHERE i.code NOT IN (SELECT code FROM area_name_lookup)`,
  `CREATE OR REPLACE TEMP TABLE cse_area_names AS
    SELECT l.key, i.idx FROM area_name_lookup l JOIN cse_area_index i USING (code) WHERE l.exact
    UNION ALL
    SELECT DISTINCT unnest([i.name, lower(i.name), upper(i.name)]), i.idx FROM cse_area_index i
    WHERE i.code NOT IN (SELECT code FROM area_name_lookup)`,
] as const;

/**
 * Each lookup as a function of one value, `<macro>(s)`: the index of the area the value names
 * exactly as written, NULL for any other value. It is a cast to a temporary ENUM of the lookup's
 * keys, one hash lookup per value; a join on the lookup cost as much as reading a 5-million-row
 * file, because the join copied every other column of the file it carried. A key naming two
 * areas (only an area added since `area_name_lookup` was built could make one) names neither.
 */
const CODE_LOOKUPS = [{ table: 'cse_area_codes', macro: 'cse_area_code_idx' }] as const;
const NAME_LOOKUPS = [
  { table: 'cse_area_names', macro: 'cse_area_name_idx' },
  { table: 'cse_area_folded', macro: 'cse_area_folded_idx' },
] as const;

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Makes the lookups of area codes, and of names for a file that has them, on a validating
 * connection (see CODE_LOOKUPS), and `cse_area_code_of(idx)`, an area index's code, for the
 * rules that name areas by code.
 */
export async function createAreaLookups(c: DuckDBConnection, { names }: { names: boolean }): Promise<void> {
  for (const sql of [...AREA_CODE_TABLES, ...(names ? AREA_NAME_TABLES : [])]) await c.run(sql);
  const codes = await c.runAndReadAll('SELECT code FROM cse_area_index ORDER BY idx');
  await c.run(`CREATE OR REPLACE TEMP MACRO cse_area_code_of(idx) AS
    ([${codes.getRowObjectsJS().map((r) => lit(String(r.code))).join(', ')}]::VARCHAR[])[idx]`);
  for (const { table, macro } of [...CODE_LOOKUPS, ...(names ? NAME_LOOKUPS : [])]) {
    const reader = await c.runAndReadAll(`SELECT key, min(idx) AS idx FROM ${table}
      GROUP BY key HAVING count(DISTINCT idx) = 1 ORDER BY key`);
    const rows = reader.getRowObjectsJS();
    if (rows.length === 0) {
      await c.run(`CREATE OR REPLACE TEMP MACRO ${macro}(s) AS NULL::USMALLINT`);
      continue;
    }
    await c.run(`CREATE OR REPLACE TEMP TYPE ${macro}_key AS ENUM (${rows.map((r) => lit(String(r.key))).join(', ')})`);
    await c.run(`CREATE OR REPLACE TEMP MACRO ${macro}(s) AS
      ([${rows.map((r) => Number(r.idx)).join(', ')}]::USMALLINT[])[enum_code(TRY_CAST(s AS ${macro}_key))::INTEGER + 1]`);
  }
}
