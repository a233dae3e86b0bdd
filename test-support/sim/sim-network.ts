// The simulated network between the registers and the server: every request a register makes
// (token, push, pull, lease, allowance) passes here and the seeded dice decide its fate — lost on
// the way, delivered with its answer lost, delivered twice, held and delivered late (after later
// requests: reordered), its answer damaged, or cut off by a partition. Nothing here knows the
// protocol: faults are the network's (how an answer is damaged is injected), the guarantees must
// come from the real client and server code.
import type { FetchLike } from '../../sync/client';

export interface FaultRates {
  readonly lost: number;
  readonly answerLost: number;
  readonly duplicated: number;
  /** A copy is held back and delivered later, after newer requests; the original goes through. */
  readonly late: number;
  /** Held back entirely (the register times out), delivered later. */
  readonly delayed: number;
  /** Delivered, but the answer arrives damaged (only answers `AnswerDamage` knows how to spoil). */
  readonly damaged: number;
}

export const NO_FAULTS: FaultRates = {
  lost: 0,
  answerLost: 0,
  duplicated: 0,
  late: 0,
  delayed: 0,
  damaged: 0,
};

/**
 * How an answer is spoiled on the way back: injected, so the network stays ignorant of the
 * protocol. `damage` answers undefined when it left this answer whole (not one it spoils).
 */
export interface AnswerDamage {
  applies(url: string, init: RequestInit): boolean;
  damage(url: string, answer: Response): Promise<Response | undefined>;
}

export interface HeldRequest {
  readonly from: string;
  readonly url: string;
  readonly init: RequestInit;
}

export interface SimNetwork {
  /** The fetch one register uses; `name` keys its partition and its log lines. */
  endpoint(name: string): FetchLike;
  partition(name: string, cut: boolean): void;
  isPartitioned(name: string): boolean;
  /** Registers whose request reached the server but whose answer was lost since the last call. */
  takeAnswersLost(): readonly string[];
  readonly held: HeldRequest[];
  /** Delivers one held request (chosen by the dice); answers what it was. */
  deliverOneHeld(): Promise<string | undefined>;
  deliverAllHeld(): Promise<void>;
  heal(): void;
  faults: FaultRates;
  readonly counts: { requests: number; faults: number; damaged: number };
}

export function createSimNetwork(
  options: Readonly<{
    server: FetchLike;
    random: () => number;
    faults: FaultRates;
    damage?: AnswerDamage;
  }>,
): SimNetwork {
  const { random, damage } = options;
  const cut = new Set<string>();
  const answersLost: string[] = [];
  const held: HeldRequest[] = [];
  const counts = { requests: 0, faults: 0, damaged: 0 };

  async function deliver(url: string, init: RequestInit): Promise<Response> {
    // A copy of the body: the register may reuse its init; the server reads the string.
    return options.server(url, { ...init, signal: null });
  }
  async function discard(url: string, init: RequestInit): Promise<void> {
    try {
      await (await deliver(url, init)).body?.cancel();
    } catch {
      // The server was down when the late copy arrived: it is lost, as on a real network.
    }
  }

  const network: SimNetwork = {
    faults: options.faults,
    held,
    counts,
    endpoint: (name) => async (url, init) => {
      counts.requests += 1;
      if (cut.has(name)) throw new TypeError(`fetch failed: ${name} is partitioned`);
      const f = network.faults;
      const roll = random();
      let edge = f.lost;
      if (roll < edge) {
        counts.faults += 1;
        throw new TypeError('fetch failed: request lost');
      }
      if (roll < (edge += f.answerLost)) {
        counts.faults += 1;
        await discard(url, init);
        answersLost.push(name);
        throw new TypeError('fetch failed: answer lost');
      }
      if (roll < (edge += f.duplicated)) {
        counts.faults += 1;
        await discard(url, init);
        return deliver(url, init);
      }
      if (roll < (edge += f.late)) {
        counts.faults += 1;
        held.push({ from: name, url, init });
        return deliver(url, init);
      }
      if (roll < (edge += f.delayed)) {
        counts.faults += 1;
        held.push({ from: name, url, init });
        throw new TypeError('fetch failed: timed out');
      }
      if (roll < (edge += f.damaged) && damage?.applies(url, init) === true) {
        const answer = await deliver(url, init);
        const spoiled = await damage.damage(url, answer);
        if (spoiled === undefined) return answer;
        counts.faults += 1;
        counts.damaged += 1;
        return spoiled;
      }
      return deliver(url, init);
    },
    partition(name, isCut) {
      if (isCut) cut.add(name);
      else cut.delete(name);
    },
    isPartitioned: (name) => cut.has(name),
    takeAnswersLost: () => answersLost.splice(0),
    async deliverOneHeld() {
      if (held.length === 0) return undefined;
      const [request] = held.splice(Math.floor(random() * held.length), 1);
      if (request === undefined) return undefined;
      await discard(request.url, request.init);
      return `${request.from} ${new URL(request.url).pathname}`;
    },
    async deliverAllHeld() {
      while (held.length > 0) await network.deliverOneHeld();
    },
    heal() {
      cut.clear();
      network.faults = NO_FAULTS;
    },
  };
  return network;
}
