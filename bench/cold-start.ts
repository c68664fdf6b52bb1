import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { paired, type Summary, summarize } from './stats';

export interface ColdVariant {
  readonly name: string;
  /** Arguments after `node`; the bare start is `-e 0`. */
  readonly args: readonly string[];
  /** Set over the shared environment for this variant's processes. */
  readonly env?: Readonly<Record<string, string>>;
  /** The variant that starts the same way with the SDK call alone: this one's wall time minus its, per round, is our code's. */
  readonly base?: string;
}

/** The cold-start rows by name (the targets read four of them). */
export const COLD_ROWS = {
  production: 'production bundle (as deployed)',
  productionSourceMaps: 'production bundle, --enable-source-maps (enableSourceMaps: true)',
  sdkAlone: 'SDK alone (bench/entries/sdk-floor.ts)',
  productionHttps: 'production bundle, Bedrock over HTTPS (as in Lambda)',
  sdkAloneHttps: 'SDK alone, Bedrock over HTTPS',
} as const;

export interface ColdRow {
  readonly name: string;
  readonly wall: Summary;
  /** Wall time minus the bare `node -e 0` of the same round. */
  readonly added: Summary | undefined;
  /** Measured inside the child: bundle import, then the first request. */
  readonly importMs: Summary | undefined;
  readonly firstRequestMs: Summary | undefined;
  readonly failures: number;
  /** ColdVariant.base, and the wall time minus its in the same round (ms). */
  readonly base?: string;
  readonly overBase?: Summary;
}

interface Run {
  readonly wallMs: number;
  readonly ok: boolean;
  readonly importMs?: number;
  readonly firstRequestMs?: number;
}

function runOnce(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
    });
    child.on('exit', (code) => {
      const wallMs = performance.now() - start;
      const line = out.split('\n').find((l) => l.startsWith('{"importMs"'));
      const inner = line ? (JSON.parse(line) as { importMs: number; firstRequestMs: number }) : undefined;
      resolve({ wallMs, ok: code === 0, importMs: inner?.importMs, firstRequestMs: inner?.firstRequestMs });
    });
  });
}

/** `rounds` rounds; each spawns the bare start and every variant once, in a rotated order. */
export async function measureColdStart(variants: readonly ColdVariant[], env: Record<string, string>, rounds: number): Promise<ColdRow[]> {
  const all: ColdVariant[] = [{ name: 'bare node -e 0', args: ['-e', '0'] }, ...variants];
  const runs = new Map<string, Run[]>(all.map((v) => [v.name, []]));
  for (let r = 0; r < rounds; r += 1) {
    for (let i = 0; i < all.length; i += 1) {
      const variant = all[(i + r) % all.length];
      if (variant) runs.get(variant.name)?.push(await runOnce(variant.args, { ...env, ...variant.env }));
    }
  }
  const bare = runs.get('bare node -e 0') ?? [];
  // Round by round, this variant's wall time minus another's; a failed start on either side counts in neither.
  const walls = (list: readonly Run[]) => list.map((run) => (run.ok ? run.wallMs : Number.NaN));
  const over = (own: readonly Run[], other: readonly Run[]) => paired(walls(own), walls(other));
  return all.map((variant, index) => {
    const own = runs.get(variant.name) ?? [];
    const base = variant.base === undefined ? undefined : runs.get(variant.base);
    const numbers = (pick: (run: Run) => number | undefined) =>
      own.map(pick).filter((value): value is number => value !== undefined && Number.isFinite(value));
    return {
      name: variant.name,
      // A failed start counts as a failure only, not in the times.
      wall: summarize(own.filter((run) => run.ok).map((run) => run.wallMs)),
      added: index === 0 ? undefined : over(own, bare),
      importMs: index === 0 ? undefined : summarize(numbers((run) => run.importMs)),
      firstRequestMs: index === 0 ? undefined : summarize(numbers((run) => run.firstRequestMs)),
      failures: own.filter((run) => !run.ok).length,
      ...(base && { base: variant.base, overBase: over(own, base) }),
    };
  });
}
