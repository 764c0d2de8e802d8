import { describe, expect, it } from "vitest";
import { readText } from "./nlp.ts";
import { summarize } from "./summary.ts";

const summaryOf = (title: string, body: string) => summarize(title, readText(body).sentences);

describe("extractive summary", () => {
  it("picks what the ticket is about, not the greeting or the sign-off", () => {
    const summary = summaryOf(
      "VPN disconnects",
      "Hello Support Team, I hope this message finds you well. Since Monday the VPN disconnects every ten minutes on my laptop. Thank you. Best regards, Ann",
    );
    expect(summary).toContain("VPN disconnects every ten minutes");
    expect(summary).not.toMatch(/^Hello/);
    expect(summary).not.toContain("regards");
  });

  it("keeps at most two sentences, in their original order", () => {
    const body =
      "The payroll export fails. It fails with error 500 at the bank upload. The bank upload worked last week. We use the payroll export daily. Lunch was good.";
    const summary = summaryOf("Payroll export fails at bank upload", body);
    const sentences = readText(summary).sentences;
    expect(sentences.length).toBeLessThanOrEqual(2);
    expect(body.indexOf(sentences[0] as string)).toBeLessThan(body.indexOf(sentences.at(-1) as string) + 1);
  });

  it("is not simply the first 200 characters of a long ticket", () => {
    const preamble =
      "We are a company of forty people working in three offices across the country. " +
      "Most of our staff travel a lot and use the mobile app while visiting customers. " +
      "Our accountant joined in January and takes care of the monthly closing. ";
    const summary = summaryOf(
      "Invoices show the wrong VAT rate",
      `${preamble}Every invoice since March shows the wrong VAT rate.`,
    );
    expect(summary).toContain("wrong VAT rate");
    expect(summary).not.toBe(`${preamble}Every invoice`.slice(0, 200));
  });

  it("falls back to the title when the body says nothing", () => {
    expect(summaryOf("Printer offline", "Thanks!")).toBe("Printer offline");
  });
});
