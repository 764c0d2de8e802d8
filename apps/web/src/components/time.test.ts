import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "./time.tsx";

const now = new Date("2026-11-23T12:00:00Z");
const at = (secondsFromNow: number) => new Date(now.getTime() + secondsFromNow * 1000).toISOString();

describe("relative times", () => {
  it("says 'just now' for the last and next few seconds", () => {
    expect(formatRelativeTime(at(-10), now)).toBe("just now");
    expect(formatRelativeTime(at(20), now)).toBe("just now");
  });

  it("uses the largest unit that fits, in the past and in the future", () => {
    expect(formatRelativeTime(at(-5 * 60), now)).toBe("5 minutes ago");
    expect(formatRelativeTime(at(2 * 3600), now)).toBe("in 2 hours");
    expect(formatRelativeTime(at(-26 * 3600), now)).toBe("yesterday");
    expect(formatRelativeTime(at(-3 * 7 * 24 * 3600), now)).toBe("3 weeks ago");
  });
});
