/**
 * A small seeded generator (sfc32), so a fuzz run can be repeated exactly from its seed.
 * Not for anything secret: it only has to be fast and reproducible.
 */
export type Random = {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `[[3, "a"], [1, "b"]]` gives "a" three times as often as "b". */
  weighted<T>(choices: readonly (readonly [number, T])[]): T;
};

export function createRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
  // The first outputs of sfc32 still resemble its seed: let it run a little first.
  for (let i = 0; i < 16; i++) next();

  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    chance: (probability) => next() < probability,
    pick(items) {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    weighted(choices) {
      const total = choices.reduce((sum, [weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [weight, value] of choices) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return (choices.at(-1) as (typeof choices)[number])[1];
    },
  };
}

/** HELPDESK_FUZZ_SEED when set (decimal or 0x…), else the suite's fixed default. */
export function fuzzSeed(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const given = env.HELPDESK_FUZZ_SEED?.trim();
  if (!given) return fallback;
  const seed = Number(given);
  if (!Number.isInteger(seed)) throw new Error(`HELPDESK_FUZZ_SEED must be an integer, not ${given}`);
  return seed >>> 0;
}
