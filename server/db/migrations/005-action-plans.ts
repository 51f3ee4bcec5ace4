import type { Migration } from '../migrations.js';

/**
 * Action plans (action-plan-format.md): each plan's own strand headings, its actions with the due
 * text kept beside the dates read from it, the quarterly status history, and the indicators each
 * action is meant to move. Rows are keyed by the plan's slug and the action's ref, as the files
 * name them, so that a re-import can replace a plan and keep the history of refs that survive.
 * `position` keeps the order of the file, which is the plan's own reading order.
 */
export const actionPlans: Migration = {
  version: 5,
  name: 'action plans: plans, strands, actions, status history, indicator links',
  async up(c) {
    await c.run(`CREATE TABLE action_plans (
      plan VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      area_code VARCHAR NOT NULL,
      imported_by VARCHAR NOT NULL,
      imported_at TIMESTAMPTZ NOT NULL
    )`);
    await c.run(`CREATE TABLE plan_strands (
      plan VARCHAR NOT NULL,
      position INTEGER NOT NULL,
      name VARCHAR NOT NULL,
      PRIMARY KEY (plan, position),
      UNIQUE (plan, name)
    )`);
    await c.run(`CREATE TABLE plan_actions (
      plan VARCHAR NOT NULL,
      ref VARCHAR NOT NULL,
      position INTEGER NOT NULL,
      parent_ref VARCHAR,
      strand VARCHAR NOT NULL,
      objective VARCHAR,
      action VARCHAR NOT NULL,
      lead VARCHAR[] NOT NULL,
      due_text VARCHAR,
      due_date DATE,
      milestones DATE[] NOT NULL,
      output VARCHAR,
      cost_text VARCHAR,
      cost_gbp DOUBLE,
      budget_source VARCHAR,
      cross_references VARCHAR,
      priority BOOLEAN NOT NULL,
      PRIMARY KEY (plan, ref)
    )`);
    // One status per action per review quarter. `source` says whether the row came in a status
    // file or was recorded in the app; either way we keep who recorded it and when.
    await c.run(`CREATE TABLE plan_statuses (
      plan VARCHAR NOT NULL,
      ref VARCHAR NOT NULL,
      period VARCHAR NOT NULL,
      status VARCHAR NOT NULL CHECK (status IN
        ('red', 'amber', 'green', 'complete', 'on_track', 'not_started', 'not_completed', 'blue')),
      rag VARCHAR NOT NULL CHECK (rag IN ('red', 'amber', 'green', 'done')),
      note VARCHAR,
      source VARCHAR NOT NULL CHECK (source IN ('import', 'app')),
      recorded_by VARCHAR NOT NULL,
      recorded_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (plan, ref, period)
    )`);
    await c.run(`CREATE TABLE plan_indicator_links (
      plan VARCHAR NOT NULL,
      ref VARCHAR NOT NULL,
      position INTEGER NOT NULL,
      indicator VARCHAR NOT NULL,
      direction VARCHAR CHECK (direction IN ('up', 'down')),
      target DOUBLE,
      PRIMARY KEY (plan, ref, indicator)
    )`);
  },
};
