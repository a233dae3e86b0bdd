// The typed command map between the UI and the register core: each command has a name, a zod
// schema for its arguments (checked at the core's edge) and a result type. Pure, so the renderer
// imports the contract without importing the core.
import type { z } from 'zod';
import type { DomainError } from '../result';

export interface CommandSpec<Args extends z.ZodType, Value> {
  readonly args: Args;
  /** Type-level only: the value a successful answer carries. */
  readonly value?: Value;
}

/** `command(z.object({...})).returns<Cart>()` declares one command. */
export function command<Args extends z.ZodType>(args: Args) {
  return {
    returns<Value>(): CommandSpec<Args, Value> {
      return { args };
    },
  };
}

export type CommandMap = Readonly<Record<string, CommandSpec<z.ZodType, unknown>>>;

/** Every answer that crosses the process boundary: never a raw exception. */
export type Answer<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly error: DomainError };

export type ArgsOf<M extends CommandMap, K extends keyof M> = z.input<M[K]['args']>;
export type ParsedArgsOf<M extends CommandMap, K extends keyof M> = z.output<M[K]['args']>;
export type ValueOf<M extends CommandMap, K extends keyof M> =
  M[K] extends CommandSpec<z.ZodType, infer V> ? V : never;

/**
 * Merges per-domain command maps into one. A name declared twice is a programming error that
 * would make one domain's command unreachable, so it fails at start, not at the first call.
 */
export function mergeCommandMaps<Maps extends readonly CommandMap[]>(
  ...maps: Maps
): UnionToIntersection<Maps[number]> {
  const merged: Record<string, CommandSpec<z.ZodType, unknown>> = {};
  for (const map of maps) {
    for (const [name, spec] of Object.entries(map)) {
      if (name in merged) throw new Error(`Duplicate command name '${name}'`);
      merged[name] = spec;
    }
  }
  return merged as UnionToIntersection<Maps[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;
