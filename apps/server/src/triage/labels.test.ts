import { describe, expect, it } from "vitest";
import { mapOntoLabels, toPriority, toTicketType } from "./labels.ts";

describe("labels of other trackers", () => {
  it("reads other trackers' priority and type names", () => {
    expect(toPriority("Blocker")).toBe("critical");
    expect(toPriority("P2")).toBe("high");
    expect(toPriority("Major")).toBe("medium");
    expect(toPriority("trivial")).toBe("low");
    expect(toPriority("whenever")).toBeUndefined();
    expect(toTicketType("Bug")).toBe("incident");
    expect(toTicketType("Improvement")).toBe("change");
    expect(toTicketType("Service_Request")).toBe("request");
  });

  it("maps a missing critical onto high, ignoring case", () => {
    expect(mapOntoLabels("priority", "critical", ["Low", "Medium", "High"])).toBe("High");
    expect(mapOntoLabels("priority", "medium", ["low", "high"])).toBe("high");
  });

  it("maps types onto a label set that means the same", () => {
    expect(mapOntoLabels("type", "incident", ["bug", "improvement"])).toBe("bug");
    expect(mapOntoLabels("type", "change", ["bug", "improvement"])).toBe("improvement");
    expect(mapOntoLabels("type", "question", ["Incident", "Request", "Problem", "Change"])).toBe("Request");
  });

  it("gives up on labels that mean nothing it knows", () => {
    expect(mapOntoLabels("type", "incident", ["ticket_type_0", "ticket_type_1"])).toBeUndefined();
  });
});
