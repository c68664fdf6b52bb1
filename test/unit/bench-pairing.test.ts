import { describe, expect, it } from 'vitest';
import type { Contender } from '../../bench/contenders';
import { pairedExcess } from '../../bench/cpu';
import { type LatencyPlan, type LatencyRow, measureLatency } from '../../bench/latency';
import type { Results } from '../../bench/report';
import { ourShare } from '../../bench/targets';
import { FAILED, type Timing } from '../../bench/timing';
import type { Emulator } from '../../local/emulator';

/**
 * The benchmark's "ours over the SDK alone" figures (BENCHMARKS.md, "What of each figure is our
 * code") are paired: the median of the differences within a round or slice, not the difference of
 * two medians. The data here makes the two disagree, so a figure read the other way fails.
 */

// measureLatency only sets the emulator's knobs between scenarios and rounds; the contenders here never call it.
const emulator = { configure() {}, reset() {} } as unknown as Emulator;

const PLAN: LatencyPlan = {
  warmupRequests: 2,
  warmupBudgetMs: 60_000,
  warmupRounds: 2,
  rounds: 40,
  slowRounds: 5,
  budgetMs: 60_000,
  slowBudgetMs: 60_000,
};

const timing = (ms: number): Timing => ({ status: 200, firstChunkMs: ms / 2, totalMs: ms, bytes: 1, errorSeen: false, complete: true });

/**
 * A contender whose k-th exchange of each kind (streamed or not) takes `at(k)` ms, or fails. Each
 * contender runs once per scenario per round, warm-up included, so the k-th exchanges of two
 * contenders are those of the same round.
 */
function fake(name: string, extra: Partial<Contender>, at: (k: number) => number | undefined): Contender {
  const calls = { plain: 0, stream: 0 };
  return {
    name,
    floor: undefined,
    ...extra,
    run: async (stream) => {
      const k = stream ? calls.stream++ : calls.plain++;
      const ms = at(k);
      return ms === undefined ? FAILED : timing(ms);
    },
  };
}

/** The floor's own time varies from exchange to exchange, as a real one does. */
const floorMs = (k: number) => 10 + ((k * 37) % 11) / 10;
/** The base's time over the floor varies too, independently of the floor's. */
const baseAdded = (k: number) => 0.5 + ((k * 53) % 17) / 10;
/**
 * Ours over the base: 0.25 ms in most exchanges, 3 ms in every third. The median of the
 * per-exchange differences is 0.25; the difference of the two rows' medians is not.
 */
const oursOverBase = (k: number) => (k % 3 === 2 ? 3 : 0.25);

describe('measureLatency: a row over its base', () => {
  const never = () => false;
  const rowsOf = (oursFails: (k: number) => boolean = never, baseFails: (k: number) => boolean = never) =>
    measureLatency(
      emulator,
      [
        fake('floor converse', {}, floorMs),
        fake('base', { floor: 'floor converse' }, (k) => (baseFails(k) ? undefined : floorMs(k) + baseAdded(k))),
        fake('ours', { floor: 'floor converse', base: 'base' }, (k) =>
          oursFails(k) ? undefined : floorMs(k) + baseAdded(k) + oursOverBase(k),
        ),
        fake('ours, base missing', { floor: 'floor converse', base: 'no such row' }, (k) => floorMs(k) + 1),
      ],
      PLAN,
    );
  const find = (rows: readonly LatencyRow[], contender: string, scenario: LatencyRow['scenario']) => {
    const found = rows.find((r) => r.contender === contender && r.scenario === scenario);
    if (!found) throw new Error(`no row ${contender} / ${scenario}`);
    return found;
  };

  it('is the median of the per-round differences, in every scenario', async () => {
    const rows = await rowsOf();
    for (const scenario of ['non-streamed', 'stream, 0 ms', 'stream, 10 ms'] as const) {
      const ours = find(rows, 'ours', scenario);
      const base = find(rows, 'base', scenario);
      const rounds = scenario === 'stream, 10 ms' ? PLAN.slowRounds : PLAN.rounds;
      expect(ours.base).toBe('base');
      expect(ours.overBaseTotal?.n).toBe(rounds);
      expect(ours.overBaseTotal?.p50).toBeCloseTo(0.25, 9);
      expect(ours.overBaseFirst?.p50).toBeCloseTo(0.125, 9);
      // Read as the difference of the two medians, the same data gives another figure.
      const unpaired = (ours.addedTotal?.p50 ?? Number.NaN) - (base.addedTotal?.p50 ?? Number.NaN);
      expect(Math.abs(unpaired - 0.25)).toBeGreaterThan(0.05);
    }
  });

  it('leaves out a round where either side failed, and only that round', async () => {
    const rows = await rowsOf(
      (k) => k % 10 === 4,
      (k) => k % 10 === 7,
    );
    const ours = find(rows, 'ours', 'non-streamed');
    // Warm-up: 2 exchanges each, then 2 warm-up rounds; the measured rounds are k = 4 … 43.
    const measured = Array.from({ length: PLAN.rounds }, (_, i) => i + 4);
    const oursFailed = measured.filter((k) => k % 10 === 4).length;
    const baseFailed = measured.filter((k) => k % 10 === 7).length;
    expect([oursFailed, baseFailed]).toEqual([4, 4]);
    expect(ours.errors).toBe(oursFailed);
    expect(ours.addedTotal?.n).toBe(PLAN.rounds - oursFailed);
    expect(find(rows, 'base', 'non-streamed').addedTotal?.n).toBe(PLAN.rounds - baseFailed);
    expect(ours.overBaseTotal?.n).toBe(PLAN.rounds - oursFailed - baseFailed);
    expect(ours.overBaseTotal?.p50).toBeCloseTo(0.25, 9);
  });

  it('gives a row whose base is not in the run, and the floors, no figure over a base', async () => {
    const rows = await rowsOf();
    const orphan = find(rows, 'ours, base missing', 'non-streamed');
    expect(orphan.addedTotal?.p50).toBeCloseTo(1, 9);
    expect(orphan).not.toHaveProperty('base');
    expect(orphan).not.toHaveProperty('overBaseTotal');
    const floor = find(rows, 'floor converse', 'non-streamed');
    expect(floor.addedTotal).toBeUndefined();
    expect(floor).not.toHaveProperty('overBaseTotal');
  });
});

describe('pairedExcess: CPU of one contender over another, by slice', () => {
  it('is the median of the per-slice differences, a slice missing on either side left out', () => {
    const sdk = [700, 900, 800, 1000, 750, Number.NaN, 820];
    const ours = [750, 950, 1500, 1050, 1700, 900, 870];
    // Per slice: 50, 50, 700, 50, 950, (none), 50. The difference of the medians would be 150.
    expect(pairedExcess(ours, sdk)).toBe(50);
  });
});

describe('ourShare: the report table', () => {
  it('prints the paired figure of a latency row, beside its own and its base’s "added"', () => {
    const summary = (p50: number, n = 40) => ({ n, p50, p99: p50, max: p50 });
    const latency: LatencyRow[] = [
      {
        contender: 'local server, messages',
        scenario: 'non-streamed',
        errors: 0,
        first: summary(11),
        total: summary(11),
        addedFirst: summary(1.2),
        addedTotal: summary(1.2),
        base: 'local server, SDK alone',
        overBaseFirst: summary(0.125),
        overBaseTotal: summary(0.25),
      },
      {
        contender: 'local server, SDK alone',
        scenario: 'non-streamed',
        errors: 0,
        first: summary(10.5),
        total: summary(10.5),
        addedFirst: summary(0.7),
        addedTotal: summary(0.7),
      },
    ];
    const rows = ourShare({ latency, cpu: [], coldStart: [] } as unknown as Results);
    expect(rows).toEqual([
      {
        figure: 'local server, messages: added latency p50',
        ours: '1.200 ms',
        without: 'local server, SDK alone: 0.700 ms',
        over: '+0.250 ms (n 40)',
        limit: '< 0.5 ms',
      },
    ]);
  });
});
