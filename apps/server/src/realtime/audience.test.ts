import { describe, expect, it } from "vitest";
import { canHear } from "./audience.ts";

const user = { id: "u1", email: "u1@example.com", role: "user" as const };
const moderator = { id: "m1", email: "m1@example.com", role: "moderator" as const };

describe("canHear", () => {
  it("a user hears of changes to their own tickets only", () => {
    expect(canHear(user, { ticketId: "t", kind: "assigned", createdBy: "u1" })).toBe(true);
    expect(canHear(user, { ticketId: "t", kind: "created", createdBy: "u2" })).toBe(false);
  });

  it("a user never hears of internal notes, staff do", () => {
    const note = { ticketId: "t", kind: "commented" as const, createdBy: "u1", internal: true };
    expect(canHear(user, note)).toBe(false);
    expect(canHear(moderator, note)).toBe(true);
  });
});
