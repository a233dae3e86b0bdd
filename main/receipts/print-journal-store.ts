// The print-job journal backed by the register's SQLite store, so a receipt waiting for paper
// or cut off by a crash is still there to reprint after a restart.
import type { PrintJob, PrintJournal } from '../../hardware/printer/print-journal';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

/** Stores a job; synchronous, so a sale's receipt job is written in the sale's own transaction. */
export function insertPrintJob(db: RegisterDb, job: PrintJob): void {
  statement(db, 'INSERT INTO print_job (id, created_at, state, job) VALUES (?, ?, ?, ?)').run(
    job.id,
    job.createdAt,
    job.state,
    JSON.stringify(job),
  );
}

/**
 * Drops the jobs that ended (printed or cleared) before `before`; returns how many. A job holds
 * its whole receipt (0.7 KB for two lines, some 3 KB for twenty), one per sale and reprint: kept
 * for good they grew the register's file by hundreds of megabytes a year at a busy counter.
 * Nothing reads an ended job once the printer is done with it: a reprint is built from the sale.
 */
export function pruneEndedPrintJobs(db: RegisterDb, before: number): number {
  return statement(
    db,
    "DELETE FROM print_job WHERE state IN ('printed', 'cancelled') AND created_at < ?",
  ).run(before).changes;
}

export function createSqlitePrintJournal(db: RegisterDb): PrintJournal {
  return {
    add(job) {
      try {
        insertPrintJob(db, job);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    update(job) {
      const changed = statement(db, 'UPDATE print_job SET state = ?, job = ? WHERE id = ?').run(
        job.state,
        JSON.stringify(job),
        job.id,
      );
      return changed.changes === 1
        ? Promise.resolve()
        : Promise.reject(new Error(`No print job ${job.id}`));
    },
    unfinished() {
      const rows = statement<[], string>(
        db,
        `SELECT job FROM print_job WHERE state IN ('queued', 'printing', 'waiting')
         ORDER BY created_at, rowid`,
      )
        .pluck()
        .all();
      return Promise.resolve(rows.map((row) => JSON.parse(row) as PrintJob));
    },
    get(id) {
      const row = statement<[string], string>(db, 'SELECT job FROM print_job WHERE id = ?')
        .pluck()
        .get(id);
      return Promise.resolve(row === undefined ? undefined : (JSON.parse(row) as PrintJob));
    },
  };
}
