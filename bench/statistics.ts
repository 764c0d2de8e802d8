/** The nearest-rank percentile (share 0.5 = median) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] as number;
}

export const median = (values: readonly number[]): number => percentile(values, 0.5);

/** Milliseconds for a table: three significant digits, whole milliseconds from 100 on. */
export function formatMs(ms: number): number {
  return ms < 100 ? Number(ms.toPrecision(3)) : Math.round(ms);
}

/** `value / baseline` as "0.12×"; "n/a" when there is no baseline to divide by. */
export function formatRatio(value: number, baseline: number): string {
  if (!(baseline > 0)) return "n/a";
  const ratio = value / baseline;
  return `${ratio < 10 ? Number(ratio.toPrecision(2)) : Math.round(ratio)}×`;
}
