import { AGE_BAND_LIMITS, AGE_COLUMN, DATASETS, DATASET_IDS, KEY_COLUMNS, knownColumns, type Dataset, type DatasetId } from '../../pipelines/extract-schema.js';

/** The data dictionary (extract-format.md) as GET /api/dictionary answers it. */
export interface DataDictionary {
  /** Each dataset's dimensions (values, aliases) and measures (with `atMost` bounds). */
  datasets: Readonly<Record<DatasetId, Dataset>>;
  /** Columns every dataset shares besides its dimensions and measures. */
  keyColumns: readonly string[];
  /** Whole years of age, which may stand in for `age_band`. */
  ageColumn: string;
  /** The age bands `age` is banded into. */
  ageBands: readonly { band: string; from: number; to: number }[];
  /** Every column name an upload of the dataset accepts (after header normalisation). */
  columns: Readonly<Record<DatasetId, readonly string[]>>;
}

/** Straight from pipelines/extract-schema.ts, so the lists are never copied. */
export function dataDictionary(): DataDictionary {
  return {
    datasets: DATASETS,
    keyColumns: KEY_COLUMNS,
    ageColumn: AGE_COLUMN,
    ageBands: AGE_BAND_LIMITS,
    columns: Object.fromEntries(DATASET_IDS.map((id) => [id, knownColumns(DATASETS[id])])) as Record<DatasetId, string[]>,
  };
}
