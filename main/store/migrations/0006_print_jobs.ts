// Migration 6: the print-job journal on disk — a receipt is stored as a job before it prints, so
// paper-out, a pulled cable or a crash mid-receipt never loses it (hardware/printer/print-journal).
import type { Migration } from './migration';

export const printJobsMigration: Migration = {
  id: 6,
  name: 'print_jobs',
  up: `
CREATE TABLE print_job (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'waiting', 'printed', 'cancelled')),
  -- The whole job (receipt data, attempts, drawer kicked…): card numbers in it are masked.
  job TEXT NOT NULL CHECK (json_valid(job))
);
CREATE INDEX print_job_unfinished ON print_job (created_at)
  WHERE state IN ('queued', 'printing', 'waiting');
`,
};
