import type { Migration } from '../migrations.js';

/**
 * Measures of success (action-plan-format.md, `measures.csv`): each plan's own measures with
 * their unit, polarity and the actions they belong to, and one value per measure per quarter with
 * the target the plan set for it. As with statuses, `source` says whether a value came in a file or
 * was recorded in the app, and who recorded it and when is kept, so that a re-import can keep the
 * values typed in quarter by quarter.
 */
export const planMeasures: Migration = {
  version: 9,
  name: 'action plans: measures of success and their quarterly values',
  async up(c) {
    await c.run(`CREATE TABLE plan_measures (
      plan VARCHAR NOT NULL,
      measure VARCHAR NOT NULL,
      position INTEGER NOT NULL,
      name VARCHAR NOT NULL,
      unit VARCHAR NOT NULL CHECK (unit IN ('count', 'percent', 'score')),
      polarity VARCHAR CHECK (polarity IN ('up', 'down')),
      refs VARCHAR[] NOT NULL,
      counts_children BOOLEAN NOT NULL,
      PRIMARY KEY (plan, measure)
    )`);
    await c.run(`CREATE TABLE plan_measure_values (
      plan VARCHAR NOT NULL,
      measure VARCHAR NOT NULL,
      period VARCHAR NOT NULL,
      value DOUBLE NOT NULL,
      target DOUBLE,
      note VARCHAR,
      source VARCHAR NOT NULL CHECK (source IN ('import', 'app')),
      recorded_by VARCHAR NOT NULL,
      recorded_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (plan, measure, period)
    )`);
  },
};
