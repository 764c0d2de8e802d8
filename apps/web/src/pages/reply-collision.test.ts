import { describe, expect, it } from "vitest";
import { makeComment } from "../test-kit/fixtures.ts";
import { describeNewReplies, repliesSince } from "./reply-collision.ts";

const by = (id: string, email: string) => ({ _id: id, email, role: "moderator" as const });

describe("replies added while writing", () => {
  const old = makeComment({ _id: "c1", author: by("u2", "ben@example.com") });
  const mine = makeComment({ _id: "c2", author: by("u1", "ana@example.com") });
  const fresh = makeComment({ _id: "c3", author: by("u2", "ben@example.com") });

  it("are those not on screen when the writer began, by someone else", () => {
    expect(repliesSince(new Set(["c1"]), [old, mine, fresh], "u1")).toEqual([fresh]);
    expect(repliesSince(new Set(["c1", "c3"]), [old, fresh], "u1")).toEqual([]);
  });

  it("are told by who added them", () => {
    expect(describeNewReplies([fresh])).toBe("ben@example.com added a reply while you were writing.");
    expect(describeNewReplies([fresh, fresh])).toBe(
      "ben@example.com added 2 replies while you were writing.",
    );
  });
});
