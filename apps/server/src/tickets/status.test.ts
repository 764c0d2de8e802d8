import { TICKET_STATUSES, type TicketStatus } from "@helpdesk/contracts";
import { isOpenStatus as isOpen } from "@helpdesk/contracts/constants";
import { describe, expect, it } from "vitest";
import { canCreatorMove, canMove } from "./status.ts";

const OPEN: TicketStatus[] = ["TODO", "IN_PROGRESS", "WAITING"];
const DONE: TicketStatus[] = ["RESOLVED", "CLOSED"];

describe("ticket status rules", () => {
  it("counts TODO, IN_PROGRESS and WAITING as open and RESOLVED, CLOSED as done", () => {
    for (const status of OPEN) expect(isOpen(status)).toBe(true);
    for (const status of DONE) expect(isOpen(status)).toBe(false);
  });

  it("lets staff move an open ticket to any other status", () => {
    for (const from of OPEN) {
      for (const to of TICKET_STATUSES) expect(canMove(from, to), `${from} -> ${to}`).toBe(true);
    }
  });

  it("lets staff reopen a resolved or closed ticket and close a resolved one", () => {
    expect(canMove("RESOLVED", "TODO")).toBe(true);
    expect(canMove("RESOLVED", "IN_PROGRESS")).toBe(true);
    expect(canMove("RESOLVED", "CLOSED")).toBe(true);
    expect(canMove("CLOSED", "TODO")).toBe(true);
    expect(canMove("CLOSED", "IN_PROGRESS")).toBe(true);
  });

  it("does not let a done ticket go back to waiting, nor a closed one to resolved", () => {
    expect(canMove("RESOLVED", "WAITING")).toBe(false);
    expect(canMove("CLOSED", "WAITING")).toBe(false);
    expect(canMove("CLOSED", "RESOLVED")).toBe(false);
  });

  it("treats staying in the same status as allowed (a no-op)", () => {
    for (const status of TICKET_STATUSES) {
      expect(canMove(status, status)).toBe(true);
      expect(canCreatorMove(status, status)).toBe(true);
    }
  });

  it("lets a creator close their ticket from any status", () => {
    for (const from of TICKET_STATUSES) expect(canCreatorMove(from, "CLOSED"), from).toBe(true);
  });

  it("lets a creator reopen (to TODO) only a resolved or closed ticket", () => {
    expect(canCreatorMove("RESOLVED", "TODO")).toBe(true);
    expect(canCreatorMove("CLOSED", "TODO")).toBe(true);
    expect(canCreatorMove("IN_PROGRESS", "TODO")).toBe(false);
    expect(canCreatorMove("WAITING", "TODO")).toBe(false);
  });

  it("never lets a creator start, park or resolve work", () => {
    for (const from of TICKET_STATUSES) {
      for (const to of ["IN_PROGRESS", "WAITING", "RESOLVED"] as const) {
        if (from !== to) expect(canCreatorMove(from, to), `${from} -> ${to}`).toBe(false);
      }
    }
  });
});
