import { describe, expect, it } from "vitest";
import { type LabelledExample, TriageLearner } from "./learner.ts";

const PLACES = ["Berlin", "Lisbon", "Oslo", "Porto", "Tallinn", "Vienna", "Zagreb", "Riga"];

/** A ticket about one of two subjects, varied so no two are the same. */
function ticket(index: number, subject: "printer" | "invoice"): { title: string; body: string } {
  const place = PLACES[index % PLACES.length] as string;
  return subject === "printer"
    ? {
        title: `Printer in ${place} office ${index}`,
        body: `The printer on floor ${index % 7} jams and prints blank pages.`,
      }
    : {
        title: `Invoice ${index} for ${place}`,
        body: `Our invoice shows a charge twice, order ${index % 11}.`,
      };
}

/** History where the subject decides the category, but `noise` of the labels are the other one. */
function noisyHistory(count: number, noise: number): [string, LabelledExample][] {
  return Array.from({ length: count }, (_, index) => {
    const subject = index % 2 === 0 ? "printer" : "invoice";
    const flipped = (index * 37) % 100 < noise * 100;
    const category = (subject === "printer") !== flipped ? "Hardware" : "Billing";
    return [`ticket-${index}`, { ...ticket(index, subject), category, priority: "medium", skills: [] }];
  });
}

describe("triage learner calibration", () => {
  it("its mean confidence on new tickets matches how often it is right on them", () => {
    const learner = new TriageLearner();
    for (const [key, example] of noisyHistory(400, 0.25)) learner.learn(key, example);
    learner.refit();
    const fresh = noisyHistory(600, 0.25).slice(400);
    let right = 0;
    let confidence = 0;
    for (const [, example] of fresh) {
      const category = learner.predict(example.title, example.body).category;
      if (category?.label === example.category) right++;
      confidence += category?.confidence ?? 0;
    }
    expect(Math.abs(confidence / fresh.length - right / fresh.length)).toBeLessThan(0.1);
  });

  it("is confident where its history always agreed", () => {
    const learner = new TriageLearner();
    for (const [key, example] of noisyHistory(400, 0)) learner.learn(key, example);
    learner.refit();
    const { title, body } = ticket(1001, "printer");
    const category = learner.predict(title, body).category;
    expect(category?.label).toBe("Hardware");
    expect(category?.confidence).toBeGreaterThan(0.9);
  });

  it("an example learned after the fit counts in the next prediction", () => {
    const learner = new TriageLearner();
    for (const [key, example] of noisyHistory(100, 0)) learner.learn(key, example);
    learner.refit();
    const drone = { title: "Drone camera gimbal", body: "The drone gimbal shakes during flight." };
    expect(learner.predict(drone.title, drone.body).category?.probabilities.has("Drones")).toBe(false);
    learner.learn("drone-1", { ...drone, category: "Drones" });
    expect(learner.predict(drone.title, drone.body).category?.probabilities.get("Drones")).toBeGreaterThan(0);
  });

  it("suggests a skill its history needed, with a calibrated confidence between 0 and 1", () => {
    const learner = new TriageLearner();
    for (const [key, example] of noisyHistory(200, 0)) {
      learner.learn(key, {
        ...example,
        skills: example.category === "Hardware" ? ["Printers"] : ["Billing"],
      });
    }
    learner.refit();
    const { title, body } = ticket(2001, "printer");
    const skills = learner.predict(title, body).skills;
    expect(skills[0]?.skill).toBe("Printers");
    expect(skills[0]?.confidence).toBeGreaterThan(0.5);
    expect(skills[0]?.confidence).toBeLessThanOrEqual(1);
    expect(skills.map(({ skill }) => skill)).not.toContain("Billing");
  });
});
