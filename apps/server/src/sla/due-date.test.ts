import { describe, expect, it } from "vitest";
import { dueDateFor } from "./due-date.ts";

const targets = { critical: 4 * 3600, high: 86_400, medium: 3 * 86_400, low: 7 * 86_400 };
const filed = new Date("2026-03-01T10:00:00.000Z");

describe("dueDateFor", () => {
  it("adds the priority's target to the filing time", () => {
    expect(dueDateFor(filed, "critical", targets)?.toISOString()).toBe("2026-03-01T14:00:00.000Z");
    expect(dueDateFor(filed, "low", targets)?.toISOString()).toBe("2026-03-08T10:00:00.000Z");
  });

  it("has no due date before triage gives a priority", () => {
    expect(dueDateFor(filed, null, targets)).toBeNull();
  });
});
