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

const COUNCIL_SUFFIXES = ['', ' Council', ' City Council', ' County Council', ' Borough Council', ' District Council', ' Metropolitan Borough Council'];

/** Lookups of area codes and names, made once per validating connection. */
export const AREA_LOOKUP_TABLES = [
  // The folding that lenient matching applies to a name, here and in the lookup's keys alike.
  `CREATE OR REPLACE TEMP MACRO cse_name_key(s) AS
    trim(regexp_replace(regexp_replace(replace(lower(s), '&', ' and '), '[.,''()]', '', 'g'), '[ \\t\\x{00A0}-]+', ' ', 'g'))`,
  `CREATE OR REPLACE TEMP TABLE cse_area_index AS
    SELECT code, name, kind, live, row_number() OVER (ORDER BY code)::USMALLINT AS idx FROM areas`,
  `CREATE OR REPLACE TEMP TABLE cse_area_codes AS
    SELECT DISTINCT unnest([code, upper(code), lower(code)]) AS key, idx FROM cse_area_index`,
  `CREATE OR REPLACE TEMP TABLE cse_area_variants AS
    WITH base AS (
      SELECT name, kind, idx, live FROM cse_area_index
      UNION
      SELECT o.name, i.kind, i.idx, i.live FROM area_other_names o JOIN cse_area_index i ON i.code = o.code
    ),
    forms AS (SELECT DISTINCT unnest([${FORMS.join(', ')}]) AS name, idx, live FROM base),
    spelled AS (SELECT DISTINCT unnest([${SPELLINGS.join(', ')}]) AS name, idx, live FROM forms WHERE name IS NOT NULL)
    SELECT DISTINCT unnest([${COUNCIL_SUFFIXES.map((s) => `name || '${s}'`).join(', ')}]) AS name, idx, live FROM spelled`,
  // A name shared by a live and a retired area means the live one; two live ones are ambiguous
  // and match neither, so a variant never picks one of two areas by chance.
  `CREATE OR REPLACE TEMP TABLE cse_area_folded AS
    SELECT cse_name_key(name) AS key, arg_max(idx, live::INTEGER) AS idx
    FROM cse_area_variants GROUP BY cse_name_key(name)
    HAVING count(DISTINCT idx) FILTER (WHERE live) <= 1 AND (count(DISTINCT idx) FILTER (WHERE live) = 1 OR count(DISTINCT idx) = 1)`,
  // Exact keys for the fast path: each variant as written, in lower and in upper case.
  `CREATE OR REPLACE TEMP TABLE cse_area_names AS
    SELECT DISTINCT unnest([v.name, lower(v.name), upper(v.name)]) AS key, f.idx
    FROM cse_area_variants v JOIN cse_area_folded f ON f.key = cse_name_key(v.name)`,
] as const;
