// The print-job journal: a receipt is stored before it prints, so a fault never loses it.
import type { Receipt } from './receipt';

/**
 * queued: stored, not started · printing: bytes are going out · waiting: a fault stopped it ·
 * printed: done · cancelled: the register answered "clear" to the fault.
 */
export type PrintJobState = 'queued' | 'printing' | 'waiting' | 'printed' | 'cancelled';

export type PrintJob = Readonly<{
  id: string;
  receipt: Receipt;
  createdAt: number;
  state: PrintJobState;
  /** Started prints; any start after the first prints REPRINT on top. */
  attempts: number;
  /** A copy the customer asked for: REPRINT from the first line, no drawer. */
  copy: boolean;
  /** The sale was in cash: open the drawer once. */
  kickDrawer: boolean;
  /** The pulse went out: never again for this job, whatever happens after. */
  drawerKicked: boolean;
  lastError?: string;
}>;

/** The register backs this with SQLite (the job row is written in the sale's transaction). */
export interface PrintJournal {
  add(job: PrintJob): Promise<void>;
  update(job: PrintJob): Promise<void>;
  /** Jobs still to print (queued, printing, waiting), oldest first. */
  unfinished(): Promise<readonly PrintJob[]>;
  get(id: string): Promise<PrintJob | undefined>;
}

export function createMemoryPrintJournal(): PrintJournal & { all(): readonly PrintJob[] } {
  const jobs = new Map<string, PrintJob>();
  return {
    add(job) {
      if (jobs.has(job.id)) return Promise.reject(new Error(`Print job ${job.id} already stored`));
      jobs.set(job.id, job);
      return Promise.resolve();
    },
    update(job) {
      if (!jobs.has(job.id)) return Promise.reject(new Error(`No print job ${job.id}`));
      jobs.set(job.id, job);
      return Promise.resolve();
    },
    unfinished() {
      const open = [...jobs.values()].filter(
        (job) => job.state === 'queued' || job.state === 'printing' || job.state === 'waiting',
      );
      return Promise.resolve(open.sort((a, b) => a.createdAt - b.createdAt));
    },
    get: (id) => Promise.resolve(jobs.get(id)),
    all: () => [...jobs.values()],
  };
}
