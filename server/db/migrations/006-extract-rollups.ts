import { DATASETS } from '../../../pipelines/extract-schema.js';
import { createRollupSql, insertRollupSql } from '../../../pipelines/extract-rollup.js';
import { factTable } from '../../../pipelines/load-extract.js';
import type { Migration } from '../migrations.js';

/**
 * Per-dimension rollups of the fact tables, so that a series reads tens of rows per area and
 * quarter instead of every stored combination of dimensions. Built here from the facts already
 * stored; from then on every upload keeps them in step (pipelines/load-extract.ts).
 */
export const extractRollups: Migration = {
  version: 6,
  name: 'extract rollups: facts summed per area, quarter and single dimension',
  async up(c) {
    for (const dataset of Object.values(DATASETS)) {
      await c.run(createRollupSql(dataset));
      await c.run(insertRollupSql(dataset, factTable(dataset)));
    }
  },
};
