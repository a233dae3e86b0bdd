// A pull target for a stream whose entries wait one by one (members, stock): a page is applied in
// one transaction with its cursor; an entry this register's own unacknowledged rows still change
// is parked, and on the stream's last page (nothing more on the server) what is parked is tried
// again, so it lands once those rows are acknowledged.
import type { PullStreamTarget } from '../../sync/client';
import type { KeyedStream, PullEntries, PullPage } from '../../sync/protocol';
import { PULL_ENTRY_SCHEMAS } from '../../sync/protocol';
import type { RegisterDb } from '../store/register-db';
import { writeTransaction } from '../store/write-transaction';
import type { HeldKeys } from './pull-holds';
import { heldKeys, outboxMark, WAITS_FOR_OUTBOX } from './pull-holds';
import { hasParked, parkedEntries, readPullCursor, writePullCursor } from './pull-state';

/** Applies one entry, or parks it (under WAITS_FOR_OUTBOX) when `held` names it. */
export type ApplyKeyedEntry<S extends KeyedStream> = (
  entry: PullEntries[S],
  held: HeldKeys,
  at: number,
) => void;

export function keyedPullTarget<S extends KeyedStream>(
  db: RegisterDb,
  stream: S,
  options: Readonly<{ now: () => number }>,
  applyEntry: ApplyKeyedEntry<S>,
): PullStreamTarget<S> {
  const applyPage = writeTransaction(db, (page: PullPage<S>, mark: number | undefined) => {
    const at = options.now();
    const through = readPullCursor(db, stream) ?? 0;
    // A page applied twice (a repeated answer) finds its entries already applied: skipped.
    const fresh = page.entries.filter((entry) => entry.cursor > through);
    // Parked entries are the latest state of their key the server sent; only on the last page is
    // no newer one still on its way, so only then are they tried again.
    const release = !page.more && hasParked(db, stream, WAITS_FOR_OUTBOX);
    if (fresh.length > 0 || release) {
      // A page applied by hand (no mark) counts the outbox as it stands now.
      const held = heldKeys(db, stream, mark ?? outboxMark(db));
      for (const entry of fresh) applyEntry(entry, held, at);
      if (release) {
        for (const parked of parkedEntries(db, stream, WAITS_FOR_OUTBOX)) {
          // Checked when it arrived; read again so a damaged row fails loudly, not silently.
          applyEntry(PULL_ENTRY_SCHEMAS[stream].parse(parked.entry), held, at);
        }
      }
    }
    writePullCursor(db, stream, Math.max(through, page.cursor), at);
  });
  return {
    stream,
    cursor: () => readPullCursor(db, stream) ?? 0,
    // Never held back whole: only the entries this register's own rows change wait.
    ready: () => true,
    mark: () => outboxMark(db),
    holding: () => hasParked(db, stream, WAITS_FOR_OUTBOX),
    apply: (page, mark) => applyPage(page, mark),
  };
}
