// The command map on a WebSocket (the browser-mode host) or any message pipe: one request shape,
// one answer shape and pushed events, each checked with zod on receipt at both ends.
import { z } from 'zod';
import type { Answer, ArgsOf, ValueOf } from './command';
import type { RegisterCommandName, RegisterCommands } from './register-commands';
import type { StructuralDelta } from './structural-delta';
import type { CoreEvent } from './views';

/** Events the core pushes to every screen, in order (declared with the views). */
export type { CoreEvent };

/** Screen → core: one command. `id` pairs the answer with its request. */
export interface CommandRequest {
  readonly id: number;
  readonly name: string;
  readonly args: unknown;
}

/** Core → screen: an answer to request `id`, or an event. */
export type HostMessage =
  { readonly id: number; readonly answer: Answer<unknown> } | { readonly event: CoreEvent };

/**
 * What a WebSocket carries (see cart-wire.ts): a host message; a `cart.updated` announcement as its
 * difference from the one before; or an answer that is the very cart last announced, as a
 * reference to it.
 */
export type WireHostMessage =
  | HostMessage
  | { readonly cartPatch: StructuralDelta }
  | { readonly id: number; readonly answerIsLastCart: true };

export const commandRequestSchema = z.strictObject({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  name: z.string().min(1).max(64),
  args: z.unknown(),
});

const answerSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  }),
]);

/**
 * The views inside events and answers are the core's own output, typed by the command map: the
 * screen checks the envelope and the event's kind, not every field of a cart.
 */
const EVENT_SCHEMAS = {
  'cart.updated': z.object({ type: z.literal('cart.updated'), view: z.object({}).loose() }),
  'card.progress': z.object({ type: z.literal('card.progress'), progress: z.object({}).loose() }),
  'wallet.progress': z.object({
    type: z.literal('wallet.progress'),
    progress: z.object({}).loose(),
  }),
  'printer.status': z.object({ type: z.literal('printer.status'), status: z.string() }),
  'sale.completed': z.object({ type: z.literal('sale.completed'), sale: z.object({}).loose() }),
  'sync.status': z.object({ type: z.literal('sync.status'), status: z.object({}).loose() }),
  'work.progress': z.object({ type: z.literal('work.progress'), progress: z.object({}).loose() }),
  'input.refused': z.object({
    type: z.literal('input.refused'),
    source: z.enum(['scanner', 'cardReader']),
    error: z.object({ code: z.string(), message: z.string() }).loose(),
  }),
} satisfies { readonly [T in CoreEvent['type']]: z.ZodType };

/** Every event kind the core sends: the record above must name each, or this does not compile. */
export const CORE_EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as readonly CoreEvent['type'][];

const coreEventSchema = z.discriminatedUnion('type', [
  EVENT_SCHEMAS['cart.updated'],
  EVENT_SCHEMAS['card.progress'],
  EVENT_SCHEMAS['wallet.progress'],
  EVENT_SCHEMAS['printer.status'],
  EVENT_SCHEMAS['sale.completed'],
  EVENT_SCHEMAS['sync.status'],
  EVENT_SCHEMAS['work.progress'],
  EVENT_SCHEMAS['input.refused'],
]);

const answerMessageSchema = z.object({ id: z.number().int().min(0), answer: answerSchema });
const eventMessageSchema = z.object({ event: coreEventSchema });

export const hostMessageSchema = z.union([answerMessageSchema, eventMessageSchema]);

const cartReferenceSchema = z.strictObject({
  id: z.number().int().min(0),
  answerIsLastCart: z.literal(true),
});
// Its shape is checked where it is applied: anything but a delta is refused there.
const cartPatchSchema = z.strictObject({
  cartPatch: z.union([z.literal(0), z.object({}).loose()]),
});

/**
 * Each wire form has a key no other has, so its schema is picked by that key rather than tried in
 * turn: a union's failed tries cost more than the parse itself, on every frame of a scan burst.
 */
function wireSchemaFor(value: unknown): z.ZodType | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if ('cartPatch' in value) return cartPatchSchema;
  if ('answerIsLastCart' in value) return cartReferenceSchema;
  if ('event' in value) return eventMessageSchema;
  if ('answer' in value) return answerMessageSchema;
  return undefined;
}

/** Reads one request off the wire; undefined for anything that is not one. */
export function parseCommandRequest(text: string): CommandRequest | undefined {
  const parsed = commandRequestSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data : undefined;
}

/** Reads one host message off the wire; undefined for anything that is not one. */
export function parseHostMessage(text: string): WireHostMessage | undefined {
  const value = parseJson(text);
  const parsed = wireSchemaFor(value)?.safeParse(value);
  return parsed?.success === true ? (parsed.data as WireHostMessage) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Close codes the host uses when it refuses a connection (4000–4999 are the application's own),
 * with the reason sent alongside so the screen can say what went wrong.
 */
export const SOCKET_CLOSE = {
  /** The per-launch token is missing or wrong: a page that was not opened from the printed URL. */
  badToken: 4401,
  /** The page's origin is not the host's own: another local site trying to drive the register. */
  badOrigin: 4403,
  /** The host is shutting down. */
  goingAway: 1001,
} as const;

/**
 * What the Electron preload exposes to the UI as `window.register`: the command map, typed, and
 * the core's events. One object, checked with `satisfies`; never a generic IPC door.
 */
export interface RegisterBridge {
  send<K extends RegisterCommandName>(
    name: K,
    args: ArgsOf<RegisterCommands, K>,
  ): Promise<Answer<ValueOf<RegisterCommands, K>>>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
}
