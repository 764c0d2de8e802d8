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

  it("never repeats the title, however the description restates it", () => {
    const title = "Laptop battery drains in 2 hours";
    expect(summaryOf(title, "Laptop battery drains in 2 hours.")).toBe("No details beyond the title.");
    expect(summaryOf(title, "My laptop's battery is draining in 2 hours!")).toBe(
      "No details beyond the title.",
    );
    const summary = summaryOf(
      title,
      "Laptop battery drains in 2 hours. It started after the BIOS update on Monday, even with the screen dimmed.",
    );
    expect(summary).toBe("It started after the BIOS update on Monday, even with the screen dimmed.");
  });

  it("skips courtesies, requests for a quick answer, references and contact details", () => {
    const summary = summaryOf(
      "Scanner fails",
      "Please help as soon as possible. Ref 24. The scanner on floor 3 shows error E-17 when scanning to PDF. " +
        "You can call me on my phone at 555 0100. My order number is 88412. Thanks in advance!",
    );
    expect(summary).toBe("The scanner on floor 3 shows error E-17 when scanning to PDF.");
  });

  it("says so when the description is only filler, instead of picking it", () => {
    expect(summaryOf("Printer offline", "Thanks!")).toBe("No details beyond the title.");
    expect(summaryOf("Printer jams", "Please help as soon as possible. Ref 24.")).toBe(
      "No details beyond the title; the requester asks for a quick answer.",
    );
    expect(summaryOf("Printer jams", "Hello team, I hope you are doing well. Kind regards, Ann Smith")).toBe(
      "No details beyond the title.",
    );
  });

  it("cuts a greeting off the sentence it opens", () => {
    expect(summaryOf("VPN", "Hello Support Team, since Monday the VPN disconnects every ten minutes.")).toBe(
      "Since Monday the VPN disconnects every ten minutes.",
    );
    expect(summaryOf("Access", "hi please give me write access to the finance share")).toBe(
      "Please give me write access to the finance share",
    );
  });

  it("adds a second sentence only when it says something the first did not", () => {
    const summary = summaryOf(
      "VPN drops",
      "The VPN drops every hour at the Berlin office. The VPN keeps dropping every hour in Berlin.",
    );
    expect(summary).toBe("The VPN drops every hour at the Berlin office.");
  });
});
