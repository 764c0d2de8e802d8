import { describe, expect, it } from "vitest";
import { createPresenceBoard } from "./presence.ts";

const ana = { id: "u1", email: "ana@example.com" };
const ben = { id: "u2", email: "ben@example.com" };

describe("presence board", () => {
  it("shows who has a ticket open and who is typing", () => {
    const board = createPresenceBoard(35_000);
    board.mark({ ticketId: "t1", person: ana, state: "viewing" }, 0);
    const after = board.mark({ ticketId: "t1", person: ben, state: "typing" }, 1_000);
    expect(after.people).toEqual([
      { _id: "u1", email: ana.email, typing: false },
      { _id: "u2", email: ben.email, typing: true },
    ]);
    expect(board.present("t2", 1_000).people).toEqual([]);
  });

  it("forgets a person who left, and one not heard from within the time-out", () => {
    const board = createPresenceBoard(35_000);
    board.mark({ ticketId: "t1", person: ana, state: "viewing" }, 0);
    board.mark({ ticketId: "t1", person: ben, state: "viewing" }, 20_000);
    expect(board.mark({ ticketId: "t1", person: ben, state: "left" }, 21_000).people).toHaveLength(1);
    expect(board.present("t1", 36_000).people).toEqual([]);
  });

  it("keeps a person who keeps saying they are there", () => {
    const board = createPresenceBoard(35_000);
    board.mark({ ticketId: "t1", person: ana, state: "typing" }, 0);
    board.mark({ ticketId: "t1", person: ana, state: "viewing" }, 30_000);
    expect(board.present("t1", 60_000).people).toEqual([{ _id: "u1", email: ana.email, typing: false }]);
  });
});
