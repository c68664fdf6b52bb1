import type { Emulator } from '../local/emulator';
import type { Contender } from './contenders';
import { added, paired, type Summary, summarize } from './stats';
import { FAILED, succeeded, type Timing } from './timing';

export type Scenario = 'non-streamed' | 'stream, 0 ms' | 'stream, 10 ms';

export interface LatencyRow {
  readonly contender: string;
  readonly scenario: Scenario;
  readonly errors: number;
  /** Absolute times (ms); the floors' rows are the floor itself. */
  readonly first: Summary;
  readonly total: Summary;
  /** Contender minus its floor in the same round (ms); undefined for the floors. */
  readonly addedFirst: Summary | undefined;
  readonly addedTotal: Summary | undefined;
  /** The row making the same trip with the SDK call alone (Contender.base), and this row's "added" minus its, per round (ms). */
  readonly base?: string;
  readonly overBaseFirst?: Summary;
  readonly overBaseTotal?: Summary;
}

export interface LatencyPlan {
  /** Unmeasured exchanges of each kind (non-streamed, streamed) per contender, one contender at a time. */
  readonly warmupRequests: number;
  readonly warmupBudgetMs: number;
  readonly warmupRounds: number;
  readonly rounds: number;
  readonly slowRounds: number;
  /** Time budgets: of the warm-up, of the measured fast rounds (each its own), and of the 10 ms-spacing rounds. */
  readonly budgetMs: number;
  readonly slowBudgetMs: number;
}

const STREAMS: Record<Scenario, boolean> = { 'non-streamed': false, 'stream, 0 ms': true, 'stream, 10 ms': true };

/**
 * The order of round r: a shuffle seeded by r (mulberry32), the same on every run. A fixed cyclic
 * order would always run a contender right after the same neighbour, and a call right after
 * another is measurably faster (warm caches), which biases "added".
 */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  let seed = (round + 1) * 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Round r runs every contender once per scenario, in the order `roundOrder` gives it. */
async function rounds(
  emulator: Emulator,
  list: readonly Contender[],
  scenarios: readonly Scenario[],
  count: number,
  budgetMs: number,
  sink: Map<string, Timing[]> | undefined,
): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (let r = 0; r < count && Date.now() < deadline; r += 1) {
    for (const scenario of scenarios) {
      emulator.configure({ chunkDelayMs: scenario === 'stream, 10 ms' ? 10 : 0, answerChunks: 50 });
      for (const contender of roundOrder(list, r)) {
        const timing = await contender.run(STREAMS[scenario]).catch(() => FAILED);
        sink?.get(`${scenario}|${contender.name}`)?.push(timing);
      }
    }
    // Drops any gate or fault a contender left behind and restores the start-up knobs (each
    // scenario above sets its own). It is not what keeps memory flat: the emulator keeps only its
    // last KEPT_REQUESTS records by itself.
    emulator.reset();
  }
}

/**
 * Each contender on its own, `count` non-streamed and `count` streamed exchanges, unmeasured. V8
 * compiles a request's path over its first few thousand requests (scratch, the production bundle
 * in-process with the emulator: 2.9 ms of CPU per request over the first 500, about 1.0 ms after
 * 4000), and the figures are meant to be those of a warm execution environment, as the CPU
 * section's are. Every contender gets the same count, within its own share of the budget.
 */
async function warmUp(emulator: Emulator, list: readonly Contender[], count: number, budgetMs: number): Promise<void> {
  emulator.configure({ chunkDelayMs: 0, answerChunks: 50 });
  for (const contender of list) {
    const deadline = Date.now() + budgetMs / list.length;
    for (let i = 0; i < count && Date.now() < deadline; i += 1) {
      await contender.run(false).catch(() => FAILED);
      await contender.run(true).catch(() => FAILED);
    }
  }
}

/** Interleaved rounds of every contender against its floor; "added" is taken per round. */
export async function measureLatency(emulator: Emulator, list: readonly Contender[], plan: LatencyPlan): Promise<LatencyRow[]> {
  const fast: Scenario[] = ['non-streamed', 'stream, 0 ms'];
  const slow: Scenario[] = ['stream, 10 ms'];
  await warmUp(emulator, list, plan.warmupRequests, plan.warmupBudgetMs);
  await rounds(emulator, list, fast, plan.warmupRounds, plan.budgetMs, undefined);
  const timings = new Map<string, Timing[]>();
  for (const scenario of [...fast, ...slow]) for (const c of list) timings.set(`${scenario}|${c.name}`, []);
  await rounds(emulator, list, fast, plan.rounds, plan.budgetMs, timings);
  await rounds(emulator, list, slow, plan.slowRounds, plan.slowBudgetMs, timings);
  emulator.configure({ chunkDelayMs: 0 });

  const rows: LatencyRow[] = [];
  for (const scenario of [...fast, ...slow]) {
    // A failed or incomplete exchange is an error, and its times count nowhere (nor its round's "added").
    const times = (name: string) => (timings.get(`${scenario}|${name}`) ?? []).map((t) => (succeeded(t, STREAMS[scenario]) ? t : FAILED));
    // Each contender's "added" round by round (NaN where either exchange failed); none for a floor.
    const addedOf = new Map(
      list.flatMap((c) => {
        if (!c.floor) return [];
        const own = times(c.name);
        const floor = times(c.floor);
        const by = (pick: (t: Timing) => number) => added(own.map(pick), floor.map(pick));
        return [[c.name, { first: by((t) => t.firstChunkMs), total: by((t) => t.totalMs) }] as const];
      }),
    );
    const finite = (values: readonly number[]) => summarize(values.filter(Number.isFinite));
    for (const contender of list) {
      const own = times(contender.name);
      const mine = addedOf.get(contender.name);
      const base = contender.base === undefined ? undefined : addedOf.get(contender.base);
      rows.push({
        contender: contender.name,
        scenario,
        errors: own.filter((t) => t === FAILED).length,
        first: finite(own.map((t) => t.firstChunkMs)),
        total: finite(own.map((t) => t.totalMs)),
        addedFirst: mine && finite(mine.first),
        addedTotal: mine && finite(mine.total),
        ...(mine &&
          base && {
            base: contender.base,
            overBaseFirst: paired(mine.first, base.first),
            overBaseTotal: paired(mine.total, base.total),
          }),
      });
    }
  }
  return rows;
}
