import { percentile } from "../apps/server/src/triage/evaluation.ts";

/** The repository's one percentile (nearest rank; see its definition), for the benches' tables. */
export { percentile };

/** The lower median (nearest rank), as the tables have always shown it. */
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
