import { render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { makeTicket, NOW } from "../test-kit/fixtures.ts";
import { resetTestWorld } from "../test-kit/render.tsx";
import { TicketRouting } from "./ticket-routing.tsx";

afterEach(resetTestWorld);

const nameOf = () => undefined;

describe("the routing card", () => {
  it("shows a decision by similar tickets with its label and reason, without a skill cover", () => {
    const ticket = makeTicket({
      assignment: {
        rule: "similar-tickets",
        reason:
          "No skill decided; most like #12, which a person reassigned to mod@example.com; 1 open ticket of 20",
        matchedSkills: [],
        score: 0,
        runnerUp: null,
        decidedBy: "routing",
        decidedAt: NOW,
      },
    });
    render(<TicketRouting ticket={ticket} nameOf={nameOf} />);
    expect(screen.getByText("Like past tickets")).toBeTruthy();
    expect(screen.getByText(/most like #12, which a person reassigned/)).toBeTruthy();
    expect(screen.queryByText("Skill cover")).toBeNull();
  });

  it("shows the words behind a skills match and its cover", () => {
    const ticket = makeTicket({
      assignment: {
        rule: "skills",
        reason: "Covers Python (django → Python; traceback → Python); 2 open tickets of 10",
        matchedSkills: ["Python"],
        score: 0.8,
        runnerUp: null,
        decidedBy: "routing",
        decidedAt: NOW,
      },
    });
    render(<TicketRouting ticket={ticket} nameOf={nameOf} />);
    expect(screen.getByText(/django → Python/)).toBeTruthy();
    expect(screen.getByText("80%")).toBeTruthy();
  });
});
