import { describe, expect, it } from "vitest";
import { onInstallationCategories, readWrittenKnowledge, toProbabilities } from "./knowledge.ts";

const top = (scores: Record<string, number>) =>
  [...toProbabilities(scores)].sort((a, b) => b[1] - a[1])[0]?.[0];

describe("written knowledge", () => {
  it("an outage or data loss is critical", () => {
    expect(
      top(readWrittenKnowledge("Outage", "The site is down for everyone since 9:00").priority.scores),
    ).toBe("critical");
    expect(top(readWrittenKnowledge("Help", "We have data loss after the migration").priority.scores)).toBe(
      "critical",
    );
  });

  it("shouting and repeated exclamation marks raise urgency", () => {
    const calm = readWrittenKnowledge("Printer", "The printer is slow.").priority.scores;
    const loud = readWrittenKnowledge("PRINTER", "THE PRINTER IS SLOW AGAIN!!!").priority.scores;
    expect(loud.high).toBeGreaterThan(calm.high);
    expect(readWrittenKnowledge("PRINTER", "THE PRINTER IS SLOW!!").priority.reasons).toContain(
      "repeated exclamation marks",
    );
  });

  it("no rush and questions are low priority", () => {
    expect(top(readWrittenKnowledge("Question", "How do I export a report? No rush.").priority.scores)).toBe(
      "low",
    );
  });

  it("cues match whole words only: download is not down", () => {
    const { priority } = readWrittenKnowledge("Download", "Where can I download the client?");
    expect(priority.reasons).not.toContain("down");
  });

  it("a priority or type the requester states outright counts most", () => {
    expect(top(readWrittenKnowledge("VPN", "Error on login (Priority: Low)").priority.scores)).toBe("low");
    expect(top(readWrittenKnowledge("Upgrade", "Ticket type: Problem. It crashes.").type.scores)).toBe(
      "problem",
    );
  });

  it("tells incidents, recurring problems, requests and changes apart", () => {
    const type = (text: string) => top(readWrittenKnowledge("", text).type.scores);
    expect(type("The server crashed and is not responding.")).toBe("incident");
    expect(type("The export fails again, it is a recurring issue, we need the root cause.")).toBe("problem");
    expect(type("I would like to request access to the finance share.")).toBe("request");
    expect(type("Please upgrade the database to the new version during the maintenance window.")).toBe(
      "change",
    );
  });

  it("maps its categories onto the installation's own category names", () => {
    const { category, words } = readWrittenKnowledge(
      "Refund",
      "I was charged twice, please refund the payment.",
    );
    const probabilities = onInstallationCategories(
      toProbabilities(category.scores),
      ["Billing and Payments", "IT Support"],
      words,
    );
    expect([...probabilities].sort((a, b) => b[1] - a[1])[0]?.[0]).toBe("Billing and Payments");
  });
});
