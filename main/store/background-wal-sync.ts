// Writes the WAL to disk in the background after ordinary commits, off the main thread.
//
// Why: scans and cart edits commit at synchronous=NORMAL (no fsync), and the sale's own commit at
// FULL syncs the whole log — so the customer paying waited for every scan's pages too. Syncing the
// log on libuv's thread pool while the cashier is still scanning leaves the sale's commit only its
// own pages to sync. It also makes a cart survive a power cut sooner. It never replaces the FULL
// commit: that one is still what makes a paid sale durable.
import { open } from 'node:fs/promises';

export interface BackgroundWalSync {
  /** Call after a command that wrote: one sync runs at a time, later calls fold into the next. */
  afterWrite(): void;
  /** Resolves when no sync is running (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startBackgroundWalSync(
  options: Readonly<{
    file: string;
    onError: (error: unknown) => void;
    /** node:fs/promises `open`; tests count the syncs through it. */
    openFile?: typeof open;
  }>,
): BackgroundWalSync {
  const openFile = options.openFile ?? open;
  const wal = `${options.file}-wal`;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function syncOnce(): Promise<void> {
    // Opened each time: a checkpoint may truncate the log and closing the last connection
    // deletes it, so a handle kept open could point at a file SQLite no longer uses.
    let handle;
    try {
      handle = await openFile(wal, 'r');
    } catch (error) {
      // No log (nothing written since the last checkpoint removed it): nothing to sync.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  function run(): void {
    running = (async () => {
      do {
        again = false;
        try {
          await syncOnce();
        } catch (error) {
          options.onError(error);
        }
      } while (again && !stopped);
      running = undefined;
    })();
  }

  return {
    afterWrite() {
      if (stopped) return;
      if (running !== undefined) again = true;
      else run();
    },
    async idle() {
      while (running !== undefined) await running;
    },
    async stop() {
      stopped = true;
      while (running !== undefined) await running;
    },
  };
}
