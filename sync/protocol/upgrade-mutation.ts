// Reads a pushed mutation at the current schema version: older payloads are upgraded one version
// at a time by the steps below, then checked against the current schema.
import type { DomainError, Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { MutationType, TypedMutation } from './mutation-payloads';
import { isMutationType, MUTATION_PAYLOADS } from './mutation-payloads';
import { MUTATION_SCHEMA_VERSION } from './schema-version';

/** Turns a payload of version `from` into version `from + 1`, for one mutation type. */
export type UpgradeStep = (payload: unknown) => unknown;

/**
 * `UPGRADES[type][n]` upgrades version n to n + 1. Empty while version 1 is the only one; when a
 * payload shape changes, bump MUTATION_SCHEMA_VERSION and add the step here, never edit a step.
 */
export type UpgradeTable = Readonly<
  Partial<Record<MutationType, Readonly<Record<number, UpgradeStep>>>>
>;

export const UPGRADES: UpgradeTable = {};

/** The payload version a reader brings mutations to, and the steps it has to get there. */
export interface MutationReading {
  readonly current: number;
  readonly upgrades: UpgradeTable;
}

/** This build's reading: what the server uses unless it is given another (tests, the simulation). */
export const CURRENT_READING: MutationReading = {
  current: MUTATION_SCHEMA_VERSION,
  upgrades: UPGRADES,
};

export type ReadMutationError = DomainError<
  'mutation.unknownType' | 'mutation.newerSchema' | 'mutation.noUpgrade' | 'mutation.invalidPayload'
>;

export function readMutation(
  mutation: Readonly<{ type: string; schema_version: number; payload: unknown }>,
  options: Readonly<{ current?: number; upgrades?: UpgradeTable }> = {},
): Result<TypedMutation, ReadMutationError> {
  const current = options.current ?? MUTATION_SCHEMA_VERSION;
  const upgrades = options.upgrades ?? UPGRADES;
  const { type } = mutation;
  if (!isMutationType(type)) {
    return err('mutation.unknownType', `This server does not know mutations of type ${type}.`);
  }
  if (mutation.schema_version > current) {
    return err(
      'mutation.newerSchema',
      `The register wrote version ${mutation.schema_version}; this server reads up to ${current}.`,
      { version: mutation.schema_version, current },
    );
  }
  let payload = mutation.payload;
  for (let version = mutation.schema_version; version < current; version += 1) {
    const step = upgrades[type]?.[version];
    if (step === undefined) {
      return err('mutation.noUpgrade', `No upgrade from version ${version} of ${type}.`, {
        version,
      });
    }
    payload = step(payload);
  }
  const parsed = MUTATION_PAYLOADS[type].safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || 'payload'}: ${issue.message}`);
    return err(
      'mutation.invalidPayload',
      `The ${type} payload is not valid: ${problems.join('; ')}`,
    );
  }
  // The schema was chosen by `type`, so the pair is consistent; TypeScript cannot follow the
  // correlation through the lookup table.
  return ok({ type, payload: parsed.data } as TypedMutation);
}
