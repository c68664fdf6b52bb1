export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of an already sorted array. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Per-round differences: `contender[i] - floor[i]`, the "added" time of round i. */
export function added(contender: readonly number[], floor: readonly number[]): number[] {
  return contender.map((value, i) => value - (floor[i] ?? Number.NaN));
}

/** Round by round (or slice by slice) `a[i] - b[i]`, summarized over those where both are numbers: NaN marks a failed one. */
export function paired(a: readonly number[], b: readonly number[]): Summary {
  return summarize(added(a, b).filter(Number.isFinite));
}

export const ms = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
