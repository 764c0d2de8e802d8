import { PRIORITIES, TICKET_TYPES, ZTriageResult } from "@helpdesk/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  analyseTicket,
  blendLabel,
  createBuiltinEngine,
  learnerTrust,
  sentencesAfterTitle,
} from "./builtin-engine.ts";
import type { TriageContext } from "./engine.ts";
import { TriageLearner } from "./learner.ts";

const context: TriageContext = {
  skills: ["Postgres", "Networking", "Billing"],
  categories: ["Network", "Billing", "Databases"],
  findSimilar: async () => [],
};

const TICKETS = [
  {
    title: "Production database is down",
    description: "Our psql primary refuses connections. Everyone is blocked!!!",
  },
  { title: "Question", description: "" },
  { title: "x", description: "?" },
  { title: "URGENT PLEASE HELP", description: "NOTHING WORKS SINCE THIS MORNING AND WE HAVE A DEADLINE" },
  { title: "Facture en double", description: "Bonjour, j'ai été facturé deux fois ce mois-ci. Merci 🙏" },
  { title: "<b>HTML</b> mail", description: "<p>The VPN <i>drops</i> every hour.</p>" },
  {
    title: "Long log paste",
    description: `Stack trace follows. ${"at com.example.Parser.parse(Parser.java:42) ".repeat(2000)}`,
  },
  {
    title: "Invoice",
    description: "Could you send me last month's invoice when you have time? No rush. Thanks!",
  },
];

afterEach(() => vi.unstubAllGlobals());

describe("built-in engine", () => {
  it("gives every ticket a complete, schema-valid triage without touching the network", async () => {
    const fetch = vi.fn(() => Promise.reject(new Error("no network in this test")));
    vi.stubGlobal("fetch", fetch);
    const engine = createBuiltinEngine(new TriageLearner());
    for (const ticket of TICKETS) {
      const result = await engine.triage(ticket, context);
      expect(ZTriageResult.safeParse(result).success, ticket.title).toBe(true);
      expect(PRIORITIES).toContain(result.priority);
      expect(TICKET_TYPES).toContain(result.type);
      expect(result.summary.length).toBeGreaterThan(0);
      expect(result.helpfulNotes).toContain("- [ ]");
      expect(result.engine).toBe("builtin");
      expect(result.fallbackReason).toBeUndefined();
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it("never runs a title without a full stop into the description's first sentence", async () => {
    const engine = createBuiltinEngine(new TriageLearner());
    const result = await engine.triage(
      {
        title: "VPN disconnects every few minutes",
        description: "Since this morning the VPN connection drops every few minutes when I work from home.",
      },
      context,
    );
    expect(result.summary).not.toMatch(/minutes Since/);
  });

  it("summarises the description alone, also when sentence detection ran the title into it", () => {
    expect(sentencesAfterTitle("VPN drops", ["VPN drops.", "It drops hourly."])).toEqual([
      "It drops hourly.",
    ]);
    expect(sentencesAfterTitle("Help! VPN down", ["Help!", "VPN down.", "Since 9:00."])).toEqual([
      "Since 9:00.",
    ]);
    expect(
      sentencesAfterTitle("Crash in Application X", [
        "Crash in Application X. Hello team, the export crashes.",
      ]),
    ).toEqual(["Hello team, the export crashes."]);
    const merged = analyseTicket(
      {
        title: "Crash in Application X",
        description: "Hello team, the export of Application X crashes at 80 %.",
      },
      context,
    );
    expect(merged.summary).toBe("The export of Application X crashes at 80 %.");
  });

  it("reads urgency, type and the installation's skills from the text", async () => {
    const engine = createBuiltinEngine(new TriageLearner());
    const outage = await engine.triage(TICKETS[0] as (typeof TICKETS)[number], context);
    expect(outage.priority).toMatch(/critical|high/);
    expect(outage.type).toBe("incident");
    expect(outage.relatedSkills).toContain("Postgres");
    expect(outage.sentiment.label).toBe("negative");

    const invoice = await engine.triage(TICKETS[7] as (typeof TICKETS)[number], context);
    expect(invoice.priority).toBe("low");
    expect(invoice.category).toBe("Billing");
  });

  it("answers the same ticket the same way every time", () => {
    const first = analyseTicket(TICKETS[0] as (typeof TICKETS)[number], context);
    const second = analyseTicket(TICKETS[0] as (typeof TICKETS)[number], context);
    expect(second).toEqual(first);
  });

  it("lists the closest resolved tickets in the notes", async () => {
    const engine = createBuiltinEngine(new TriageLearner());
    const result = await engine.triage(TICKETS[5] as (typeof TICKETS)[number], {
      ...context,
      findSimilar: async () => [
        {
          id: "t-1",
          number: 12,
          title: "VPN drops hourly",
          resolution: "Renewed the certificate.",
          score: 0.9,
        },
      ],
    });
    expect(result.helpfulNotes).toContain(
      "[#12 VPN drops hourly](/tickets/t-1) — resolved: Renewed the certificate.",
    );
  });
});

describe("learning from history", () => {
  const printer = (floor: number) => ({
    title: `Toner smudges on floor ${floor}`,
    description: `The laser printer on floor ${floor} leaves toner smudges on every page.`,
  });

  it("a few corrections relabel similar tickets but not unrelated ones", () => {
    const learner = new TriageLearner();
    const before = analyseTicket(printer(9), context, learner);
    expect(before.category.label).not.toBe("Printing");

    for (const floor of [1, 2, 3]) {
      learner.learn(`ticket-${floor}`, {
        ...toExample(printer(floor)),
        category: "Printing",
        priority: "low",
      });
    }
    const similar = analyseTicket(printer(9), context, learner);
    expect(similar.category.label).toBe("Printing");
    expect(similar.priority.label).toBe("low");

    const unrelated = analyseTicket(
      {
        title: "Invoice charged twice",
        description: "My credit card was charged twice for the subscription.",
      },
      context,
      learner,
    );
    expect(unrelated.category.label).toBe("Billing");
  });

  it("history that does not say which skills a ticket needed does not teach that it needed none", () => {
    const taught = (unknownSkills: null | []) => {
      const learner = new TriageLearner();
      for (const floor of [1, 2, 3, 4])
        learner.learn(`skills-${floor}`, { ...toExample(printer(floor)), skills: ["Printers"] });
      for (const floor of [5, 6, 7, 8, 9, 10, 11, 12])
        learner.learn(`other-${floor}`, {
          ...toExample(printer(floor)),
          category: "Printing",
          skills: unknownSkills,
        });
      learner.refit();
      const { title, body } = toExample(printer(20));
      const skill = learner.predict(title, body).skills;
      return skill.find((suggestion) => suggestion.skill === "Printers")?.confidence ?? 0;
    };
    expect(taught(null)).toBeGreaterThan(taught([]));
  });

  it("relearning a ticket replaces what it taught", () => {
    const learner = new TriageLearner();
    for (const floor of [1, 2, 3])
      learner.learn(`ticket-${floor}`, { ...toExample(printer(floor)), category: "Printing" });
    for (const floor of [1, 2, 3])
      learner.learn(`ticket-${floor}`, { ...toExample(printer(floor)), category: "Facilities" });
    learner.refit();
    expect(analyseTicket(printer(9), context, learner).category.label).toBe("Facilities");
  });

  it("trusts history more as it grows and, while small, only for familiar tickets", () => {
    expect(learnerTrust(0, 1)).toBe(0);
    expect(learnerTrust(3, 1)).toBeGreaterThan(learnerTrust(1, 1));
    expect(learnerTrust(3, 0.05)).toBeLessThan(learnerTrust(3, 1));
    expect(learnerTrust(5000, 0)).toBeGreaterThan(0.99);
  });

  it("blending translates written knowledge into a source's own labels", () => {
    const knowledge = new Map([
      ["critical", 0.7],
      ["low", 0.3],
    ]);
    expect(blendLabel("priority", knowledge, undefined, 0, ["low", "medium", "high"])).toEqual({
      label: "high",
      confidence: 0.7,
    });
    const learned = {
      label: "low",
      confidence: 0.9,
      probabilities: new Map([
        ["low", 0.9],
        ["high", 0.1],
      ]),
    };
    expect(blendLabel("priority", knowledge, learned, 1, ["low", "medium", "high"]).label).toBe("low");
  });
});

function toExample(ticket: { title: string; description: string }) {
  return { title: ticket.title, body: ticket.description };
}
