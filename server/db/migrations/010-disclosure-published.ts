import { DATASETS } from '../../../pipelines/extract-schema.js';
import { createDisclosureKey, createPublishedTable, republishAreas } from '../../../pipelines/disclosure-layer.js';
import { rollupTable } from '../../../pipelines/extract-rollup.js';
import type { Migration } from '../migrations.js';

/**
 * The published layer of disclosure control (docs/disclosure.md): the database's key and, per
 * dataset, the perturbed counts every protected answer reads, built here from the rollups already
 * stored; from then on every upload keeps them in step (pipelines/load-extract.ts).
 */
export const disclosurePublished: Migration = {
  version: 10,
  name: 'disclosure control: published (perturbed) counts and their key',
  async up(c) {
    await createDisclosureKey(c);
    for (const dataset of Object.values(DATASETS)) {
      await createPublishedTable(c, dataset);
      await republishAreas(c, dataset, `SELECT DISTINCT area_code FROM ${rollupTable(dataset)}`);
    }
  },
};
