import { loadReferenceData } from '../../../pipelines/reference/load-reference.js';
import type { Migration } from '../migrations.js';

export const referenceData: Migration = {
  version: 2,
  name: 'reference data: areas, populations, statistical neighbours (ONS, DfE; OGL v3)',
  up: loadReferenceData,
};
