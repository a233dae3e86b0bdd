// The push conversation: the register sends its outbox in seq order, the server answers with a
// result per mutation and its last_seq for the register, or a gap (409) naming where to resume.
import { z } from 'zod';

const seqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only');

/** One outbox row on the wire: the payload stays as the register wrote it until the server reads it. */
export const pushedMutationSchema = z
  .object({
    seq: seqSchema,
    mutation_id: idSchema,
    type: z.string().min(1).max(64),
    payload: z.unknown(),
    schema_version: z.number().int().min(0),
    created_at: z.number().int(),
  })
  .strict();
export type PushedMutation = z.infer<typeof pushedMutationSchema>;

/** Rows per batch at most: one server transaction each. */
export const MAX_PUSH_BATCH = 500;

export const pushBatchSchema = z
  .object({
    schema_version: z.number().int().min(1),
    register_id: idSchema,
    /** The first seq of the batch; mutations follow it one by one, with no gap. */
    from_seq: seqSchema,
    mutations: z.array(pushedMutationSchema).max(MAX_PUSH_BATCH),
  })
  .strict()
  .superRefine((batch, context) => {
    batch.mutations.forEach((m, index) => {
      if (m.seq !== batch.from_seq + index) {
        context.addIssue({
          code: 'custom',
          path: ['mutations', index, 'seq'],
          message: `expected seq ${batch.from_seq + index}: a batch is contiguous from from_seq`,
        });
      }
    });
  });
export type PushBatch = z.infer<typeof pushBatchSchema>;

/**
 * What became of a mutation. `applied`: booked. `flagged`: booked, but a person must look (a paid
 * sale is never refused, so its trouble is a flag). `rejected`: a business refusal, recorded with
 * its reason; the queue moves on. `duplicate`: the fact it carries was already booked by another
 * mutation (same sale id), so nothing was applied twice.
 */
export const MUTATION_STATUSES = ['applied', 'duplicate', 'rejected', 'flagged'] as const;
export type MutationStatus = (typeof MUTATION_STATUSES)[number];

// The server's answers are read tolerantly (unknown fields dropped, not refused): a register
// that was not updated must keep syncing with a newer server that says more.
export const mutationResultSchema = z.object({
  seq: seqSchema,
  mutation_id: idSchema,
  status: z.enum(MUTATION_STATUSES),
  reason: z.string().max(500).optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

/** One register of the caller's store as the server sees it: how far its pushes have come. */
export const storeRegisterSchema = z.object({
  register_id: idSchema,
  name: z.string().max(200),
  /** The highest seq of that register the server holds (0 before its first push). */
  last_seq: z.number().int().min(0),
  /** When it last pushed, epoch ms; null when it never did. */
  last_push_at: z.number().int().nullable(),
});
export type StoreRegister = z.infer<typeof storeRegisterSchema>;

/**
 * What every answer may add about the server: its clock, the newest payload version it reads, and
 * how far every register of the store has synced (for the manager's dashboard at any register).
 */
const serverFacts = {
  /** The server's clock when it answered (epoch ms): the register checks its own against it. */
  server_time: z.number().int().optional(),
  /** The newest mutation payload version the server reads: above the register's, it should update. */
  mutation_schema_version: z.number().int().min(1).optional(),
  store_registers: z.array(storeRegisterSchema).max(100).optional(),
};

export const pushAnswerSchema = z.object({
  schema_version: z.number().int().min(1),
  /** The highest seq of this register the server holds, after this batch. */
  last_seq: z.number().int().min(0),
  results: z.array(mutationResultSchema),
  ...serverFacts,
});
export type PushAnswer = z.infer<typeof pushAnswerSchema>;

/** The 409 answer to a batch that starts past the server's last_seq + 1: resend from there. */
export const pushGapSchema = z.object({
  schema_version: z.number().int().min(1),
  error: z.object({ code: z.literal('sync.gap'), message: z.string() }),
  last_seq: z.number().int().min(0),
});
export type PushGap = z.infer<typeof pushGapSchema>;

/** The register's position on the server, so a register can start from there. */
export const pushStateSchema = z.object({
  schema_version: z.number().int().min(1),
  last_seq: z.number().int().min(0),
  ...serverFacts,
});
export type PushState = z.infer<typeof pushStateSchema>;

/** The paths, in one place so both ends agree. */
export const PUSH_PATH = '/sync/push';
export const PUSH_STATE_PATH = '/sync/push/state';
