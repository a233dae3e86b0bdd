// The `recommendations` pull stream: the register's store's newest model, whole, when its cursor is
// past the register's. Compacted to one key (the store), so a register that missed several builds
// takes only the last one, and an unchanged model costs a register one empty page.
import type { PullStreamHandler } from '../pull/pull-stream';
import { latestModelAfter } from './recs-books';

export const RECS_STREAM: PullStreamHandler = {
  stream: 'recommendations',
  async read(db, { storeId, after }) {
    const newest = await latestModelAfter(db, storeId, after);
    if (newest === undefined) return { entries: [], more: false };
    // Stored by serialiseRecsModel after the same schema the register checks it with.
    const model: unknown = JSON.parse(newest.body);
    return { entries: [{ cursor: newest.cursor, model }], more: false };
  },
};
