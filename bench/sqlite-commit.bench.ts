// sqlite-commit: how many durable (WAL, synchronous=FULL) commits per second the register's disk
// sustains for a 20-row transaction — the shape of a sale — against the raw single-row commit
// rate on the same file. A sale is one fsync whatever its size, so the ratio should stay near 1.
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Benchmark } from './harness';
import { interleavedMedians, ratePerSecond } from './stats';

const ROWS_PER_TRANSACTION = 20;

export const sqliteCommit: Benchmark = {
  name: 'sqlite-commit',
  description: 'Durable 20-row transactions per second vs raw single-row durable commits',
  run(context) {
    const rounds = context.quick ? 5 : 9;
    const seconds = context.quick ? 1 : 2;
    const file = path.join(context.workDir, 'commit.sqlite');
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(
        'CREATE TABLE sale_line (id INTEGER PRIMARY KEY, sale INTEGER NOT NULL, gtin TEXT NOT NULL, qty INTEGER NOT NULL, amount INTEGER NOT NULL)',
      );
      const insert = db.prepare(
        'INSERT INTO sale_line (sale, gtin, qty, amount) VALUES (?, ?, ?, ?)',
      );
      let sale = 0;
      const commitSale = db.transaction((saleId: number) => {
        for (let line = 0; line < ROWS_PER_TRANSACTION; line += 1) {
          insert.run(saleId, `69${String(line).padStart(11, '0')}`, 1 + (line % 3), 990 + line);
        }
      });
      const transactionRate = () => ratePerSecond(() => commitSale((sale += 1)), seconds);
      // Autocommit: each single-row insert is its own durable transaction.
      const singleRowRate = () =>
        ratePerSecond(() => insert.run((sale += 1), '6900000000000', 1, 990), seconds);

      context.log(`sqlite-commit: ${rounds} interleaved rounds of ${seconds}s each`);
      const result = interleavedMedians(rounds, transactionRate, singleRowRate);
      const params = {
        rowsPerTransaction: ROWS_PER_TRANSACTION,
        rounds,
        secondsPerRound: seconds,
        journalMode: 'wal',
        synchronous: 'full',
        statistic: 'median of rounds',
      };
      return Promise.resolve([
        {
          metric: 'commits_per_second',
          value: result.ours,
          unit: 'transactions/s',
          baseline: 'raw better-sqlite3 single-row durable commits/s',
          baselineValue: result.baseline,
          params,
        },
        {
          metric: 'rows_per_second',
          value: result.ours * ROWS_PER_TRANSACTION,
          unit: 'rows/s',
          baseline: 'raw better-sqlite3 single-row durable commits (rows/s)',
          baselineValue: result.baseline,
          params,
        },
      ]);
    } finally {
      db.close();
    }
  },
};
