import type { IngestPhase } from '../../pipelines/ingest.js';

export type UploadPhase = 'receiving' | 'queued' | IngestPhase | 'done' | 'refused' | 'failed';

/** What `GET /api/uploads/jobs/:id` answers while an upload is received, queued, checked and loaded. */
export interface UploadJob {
  id: string;
  dataset: string;
  phase: UploadPhase;
  /** 0..1 within the phase where DuckDB reports it, otherwise null. */
  fraction: number | null;
  bytes: number;
  /** The upload's HTTP status once it has finished. */
  status: number | null;
}

/** Client-chosen ids (`?job=`): a UUID or anything as unguessable. */
const JOB_ID = /^[A-Za-z0-9_-]{8,64}$/;
const KEEP_FINISHED_MS = 10 * 60_000;
const MAX_JOBS = 1_000;

interface Entry {
  owner: number;
  job: UploadJob;
  finishedAt: number | null;
}

/**
 * Progress of uploads in flight, in memory: it matters only while the browser that sent the
 * upload is waiting. Each user sees only their own jobs; finished ones are kept a few minutes.
 */
export class UploadJobs {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  static isValidId(id: string): boolean {
    return JOB_ID.test(id);
  }

  /** Starts tracking; null when the id is already in use. */
  start(owner: number, id: string, dataset: string): UploadJob | null {
    this.prune();
    if (this.entries.has(id)) return null;
    const job: UploadJob = { id, dataset, phase: 'receiving', fraction: null, bytes: 0, status: null };
    this.entries.set(id, { owner, job, finishedAt: null });
    return job;
  }

  finish(job: UploadJob, phase: 'done' | 'refused' | 'failed', status: number): void {
    job.phase = phase;
    job.fraction = null;
    job.status = status;
    const entry = this.entries.get(job.id);
    if (entry) entry.finishedAt = this.now();
  }

  get(owner: number, id: string): UploadJob | null {
    const entry = this.entries.get(id);
    return entry && entry.owner === owner ? entry.job : null;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.finishedAt !== null && now - entry.finishedAt > KEEP_FINISHED_MS) this.entries.delete(id);
    }
    // Bounded even if clients start jobs and never finish them: drop the oldest.
    while (this.entries.size >= MAX_JOBS) this.entries.delete(this.entries.keys().next().value!);
  }
}
