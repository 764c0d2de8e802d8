import type { Ticket } from "@helpdesk/contracts";
import { describe, expect, it } from "vitest";
import { makeEvent, makeTicket, makeUser } from "./fixtures.ts";

describe("test fixtures", () => {
  it("are what the API sends", () => {
    expect(makeTicket({ status: "WAITING" }).status).toBe("WAITING");
    expect(makeEvent("created", { number: 7 }).data).toEqual({ number: 7 });
  });

  it("fail loudly when they name a field the API does not have, however deep", () => {
    expect(() => makeUser({ nickname: "ann" } as never)).toThrow("The API has no nickname");
    expect(() =>
      makeTicket({ requester: { _id: "u1", email: "a@example.com", name: "Ann" } as Ticket["requester"] }),
    ).toThrow("The API has no requester.name");
  });

  it("fail loudly when a field is missing or of the wrong shape", () => {
    expect(() => makeTicket({ status: "OPEN" as never })).toThrow();
    expect(() => makeEvent("status_changed", {} as never)).toThrow();
    expect(() => makeEvent("assigned", { from: null, to: "u1", rule: "round-robin" } as never)).toThrow();
  });
});
