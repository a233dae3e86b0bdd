// What the counter is told about sync: the outbox figures from the register's own store joined with
// what the push and pull loops last reported (connection, last success, rejections and flags with
// the server's reasons, clock skew, "server too old" and "update this register"), and the
// flash-sale leases this register holds. The core answers
// `sync.status` with it and emits it as a `sync.status` event whenever it changes.
import type { HeldLeaseView, SyncConnection, SyncStatusView } from '../../app/commands';
import type { PullStatus, PushStatus } from '../../sync/client';
import type { OutboxStatus } from '../outbox/outbox';
import { outboxStatus } from '../outbox/outbox';
import { currentValue } from '../store/register-counter';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

/** What the sync loops report to the core (startRegisterSync's `onStatus`). */
export interface SyncLoopStatus {
  readonly push: PushStatus;
  readonly pull?: PullStatus;
}

/** The code the server answers 426 with: this register is newer than it reads. */
const SERVER_TOO_OLD = 'sync.serverTooOld';

/** Blocked outranks offline outranks online: the screen shows the worst of the two loops. */
function worst(a: SyncConnection, b: SyncConnection | undefined): SyncConnection {
  const rank: Record<SyncConnection, number> = { unknown: 0, online: 1, offline: 2, blocked: 3 };
  if (b === undefined) return a;
  if (a === 'unknown') return b;
  if (b === 'unknown') return a;
  return rank[a] >= rank[b] ? a : b;
}

function latest<T extends { readonly at: number }>(a: T | null, b: T | null | undefined): T | null {
  if (b === null || b === undefined) return a;
  if (a === null) return b;
  return b.at > a.at ? b : a;
}

/** The open flash-sale leases, named from this register's catalog. */
export function heldLeases(db: RegisterDb): readonly HeldLeaseView[] {
  return statement<
    [],
    {
      flash_sale_id: string;
      product_id: string;
      name: string | null;
      granted: number;
      sold: number;
      returned: number;
      expires_at: number;
    }
  >(
    db,
    `SELECT l.flash_sale_id, l.product_id, p.name, l.granted, l.sold, l.returned, l.expires_at
     FROM flash_lease l LEFT JOIN product p ON p.id = l.product_id
     WHERE l.status = 'open' ORDER BY l.flash_sale_id, l.product_id`,
  )
    .all()
    .map((row) => ({
      flashSaleId: row.flash_sale_id,
      productId: row.product_id,
      productName: row.name,
      granted: row.granted,
      sold: row.sold,
      left: row.granted - row.sold - row.returned,
      expiresAt: row.expires_at,
    }));
}

export function syncStatusView(
  outbox: OutboxStatus,
  loops: SyncLoopStatus | undefined,
  leases: readonly HeldLeaseView[] = [],
): SyncStatusView {
  const figures = {
    unsyncedMutations: outbox.unacked,
    unsyncedSales: outbox.unackedSales,
    unsyncedSalesValue: outbox.unackedSalesValue,
    lastSeq: outbox.lastSeq,
    leases,
  };
  if (loops === undefined) {
    return {
      ...figures,
      linked: false,
      connection: 'unknown',
      lastSuccessAt: null,
      lastError: null,
      attention: [],
      clockSkew: null,
      serverTooOld: false,
      updateAdvised: false,
      pullWaiting: [],
      storeRegisters: null,
    };
  }
  const { push, pull } = loops;
  const pushAt = push.lastSuccessAt;
  const pullAt = pull?.lastSuccessAt ?? null;
  return {
    ...figures,
    linked: true,
    connection: worst(push.connection, pull?.connection),
    lastSuccessAt: pushAt === null ? pullAt : pullAt === null ? pushAt : Math.max(pushAt, pullAt),
    lastError: latest(push.lastError, pull?.lastError),
    attention: push.attention.flatMap((result) =>
      result.status === 'rejected' || result.status === 'flagged'
        ? [
            {
              seq: result.seq,
              mutationId: result.mutation_id,
              status: result.status,
              reason: result.reason ?? '',
            },
          ]
        : [],
    ),
    clockSkew: push.clockSkew,
    serverTooOld:
      push.lastError?.code === SERVER_TOO_OLD || pull?.lastError?.code === SERVER_TOO_OLD,
    updateAdvised: push.updateAdvised,
    pullWaiting: pull?.waiting ?? [],
    storeRegisters:
      push.storeRegisters === null
        ? null
        : {
            at: push.storeRegisters.at,
            registers: push.storeRegisters.registers.map((r) => ({
              registerId: r.register_id,
              name: r.name,
              lastSeq: r.last_seq,
              lastPushAt: r.last_push_at,
            })),
          },
  };
}

export interface SyncStatusReporter {
  /** The status now, for the `sync.status` command. */
  view(): SyncStatusView;
  /** The loops' latest status; emits the view if it changed. */
  report(loops: SyncLoopStatus): void;
  /** After a command wrote: a new outbox row changes the pending figures. Cheap when none. */
  outboxMaybeChanged(): void;
}

export function createSyncStatusReporter(
  options: Readonly<{ db: RegisterDb; emit: (status: SyncStatusView) => void }>,
): SyncStatusReporter {
  const { db } = options;
  let loops: SyncLoopStatus | undefined;
  let lastEmitted = '';
  let outboxSeq = currentValue(db, 'outbox_seq');

  const view = () => syncStatusView(outboxStatus(db), loops, heldLeases(db));
  function emitIfChanged(): void {
    const status = view();
    // Loops report after every round, mostly with nothing new: only a change reaches the screens.
    const key = JSON.stringify(status);
    if (key === lastEmitted) return;
    lastEmitted = key;
    options.emit(status);
  }
  return {
    view,
    report(status) {
      loops = status;
      emitIfChanged();
    },
    outboxMaybeChanged() {
      const seq = currentValue(db, 'outbox_seq');
      if (seq === outboxSeq) return;
      outboxSeq = seq;
      emitIfChanged();
    },
  };
}
