/**
 * Settings every section shares, from flags or the environment (flags win):
 *   --quick        BENCH_QUICK=1          ~3 s per measurement, smaller seeds: a smoke run
 *   --duration S   BENCH_DURATION=S       seconds per measurement (default 10, quick 3)
 *   --connections N BENCH_CONNECTIONS=N   concurrent connections for HTTP load (default 10)
 */
import { parseArgs } from "node:util";

export type BenchSettings = { quick: boolean; durationSeconds: number; connections: number };

export const COMMON_OPTIONS = {
  quick: { type: "boolean" },
  duration: { type: "string" },
  connections: { type: "string" },
} as const;

/** Reads the common flags; sections with flags of their own call parseArgs with COMMON_OPTIONS. */
export function readSettings(
  values: { quick?: boolean; duration?: string; connections?: string } = parseArgs({
    options: COMMON_OPTIONS,
  }).values,
): BenchSettings {
  const quick = values.quick === true || process.env.BENCH_QUICK === "1";
  return {
    quick,
    durationSeconds: positiveNumber(
      "duration",
      values.duration ?? process.env.BENCH_DURATION,
      quick ? 3 : 10,
    ),
    connections: positiveNumber("connections", values.connections ?? process.env.BENCH_CONNECTIONS, 10),
  };
}

export function positiveNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`--${name}: expected a positive number, got ${text}`);
  return value;
}
