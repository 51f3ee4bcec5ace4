/**
 * The shapes the server answers with (shared/design/contracts.md). Types only: the client never
 * imports server or pipeline code at runtime. Every answer is checked where it enters (api.ts).
 */
import type { Role } from '../server/auth/roles.js';
import type { Dataset, DatasetId } from '../pipelines/extract-schema.js';
import type { AreaListing } from '../server/catalogue/areas.js';
import type { DataDictionary } from '../server/catalogue/dictionary.js';
import type { LoadedDataset, UploadLogEntry } from '../server/catalogue/loaded-data.js';
import type { PlanListing } from '../server/action-plans/plan-view.js';
import type { Stat } from '../server/indicators/catalogue.js';
import type { SeriesResult } from '../server/indicators/series.js';
import type { SeriesRow, SpcReading } from '../server/indicators/series-rows.js';
import type { Polarity } from '../server/statistics/polarity.js';
import type { SpcRule, SpcType } from '../server/statistics/spc.js';
import type { Verdict } from '../server/statistics/benchmark.js';
import type { IngestRefusal, IngestSuccess } from '../pipelines/ingest.js';
import type { OwnedTokenSummary } from '../server/auth/tokens.js';
import type { ExtractError } from '../pipelines/extract-errors.js';
import type { UserSummary } from '../server/auth/users.js';
import type { DeliveryReport } from '../server/action-plans/delivery.js';
import type { LinkImpact } from '../server/action-plans/impact.js';
import type { RedRedAction } from '../server/action-plans/red-red.js';
import type { OverviewAnswer, OverviewHeadline } from '../server/overview/overview.js';
import type { ReconciliationLine } from '../server/overview/reconciliation.js';
import type { MeasureSummary } from '../server/action-plans/measure-view.js';
import type { MeasureSeriesRow } from '../server/action-plans/measure-series.js';

export type { MeasureSummary, MeasureSeriesRow };

export type { OverviewAnswer, OverviewHeadline, ReconciliationLine };
export type { ExtractError, Role, Dataset, DatasetId, LoadedDataset, UploadLogEntry, Polarity, SpcRule, SpcType, Verdict, Stat, SeriesRow, SpcReading };

export interface Session {
  user: string;
  role: Role;
  csrfToken: string | null;
  /** Area codes the user may see in detail; null or absent means every area. */
  areas?: string[] | null;
}

export type Comparator = 'england' | 'region' | 'neighbours';

export interface Indicator {
  id: string;
  name: string;
  unit: string;
  polarity: Polarity;
  /** Why higher (or lower) is better, or why neither is. */
  polarity_reason?: string;
  source: string;
  periods: string[];
  /** Optional extras the catalogue may give; shown on the definitions page when present. */
  definition?: string;
  caveats?: string | string[];
  /** When its data last changed (latest accepted upload of its dataset, or its import). */
  last_updated?: string | null;
  stats?: Stat[];
  breakdowns?: string[];
  dataset?: string;
  kind?: 'extract' | 'official' | 'plan' | string;
  numerator?: string;
  denominator?: string;
  period_types?: string[];
  /** Measures of success (`kind` plan): the plan and its area, the only area the series has. */
  plan?: string;
  area_code?: string;
}

/** GET /api/series */
export type Series = SeriesResult;

/** GET /api/areas */
export type Area = AreaListing;

/** GET /api/plans */
export type Plan = PlanListing;

export interface ActionStatus {
  period: string;
  status: string;
  /** red, amber, green or done, where the server reads the status into RAG. */
  rag?: string;
  note: string | null;
}

export interface IndicatorLink {
  id: string;
  direction: 'up' | 'down' | null;
  target?: number | null;
}

export interface PlanAction {
  ref: string;
  parent_ref: string | null;
  strand: string;
  action: string;
  objective?: string | null;
  lead: string[];
  due_text: string | null;
  due_date: string | null;
  milestones: string[];
  status: string | null;
  statuses: ActionStatus[];
  /** `id:direction` strings or `{ id, direction, target }` objects. */
  indicators: (string | IndicatorLink)[];
  output?: string | null;
  cost_gbp?: number | null;
  cost_text?: string | null;
  budget_source?: string | null;
  priority?: boolean | null;
}

export type UploadSummary = IngestSuccess;
export type UploadRefusal = IngestRefusal;
export type UploadError = IngestRefusal['errors'][number];
export type UploadPartition = IngestSuccess['partitions'][number];
export type UserAccount = UserSummary;

/** GET /api/admin/tokens: every live bearer token, with its owner. */
export type ApiTokenListing = OwnedTokenSummary;

/** GET /api/plans/:plan/delivery?today= */
export type Delivery = DeliveryReport & { plan: string };
export type { LinkImpact, RedRedAction };

/** GET /api/plans/:plan/impact?today= (and /actions/:ref/impact, without red_red) */
export interface PlanImpact {
  plan: string;
  area_code: string;
  today: string;
  caveat: string;
  method: string;
  links: LinkImpact[];
  red_red?: RedRedAction[];
}

export interface AuditEntry {
  id: number;
  /** Milliseconds since the epoch (or an ISO string). */
  at: number | string;
  action: string;
  username: string | null;
  ip?: string | null;
  target: string | null;
  details?: unknown;
}

/** GET /api/dictionary (pipelines/extract-schema.ts as data). */
export type Dictionary = DataDictionary;
