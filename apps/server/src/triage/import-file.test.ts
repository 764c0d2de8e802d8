import { describe, expect, it } from "vitest";
import { parseCsv, parseJsonl, toImportRows } from "./import-file.ts";

describe("reading history files", () => {
  it("reads CSV with quoted commas, doubled quotes and line breaks", () => {
    const records = parseCsv(
      'subject,body,tags\r\n"Login, again","She said ""help""\nnow","a; b"\r\nPlain,Text,\n',
    );
    expect(records).toEqual([
      { subject: "Login, again", body: 'She said "help"\nnow', tags: "a; b" },
      { subject: "Plain", body: "Text", tags: "" },
    ]);
  });

  it("finds fields under their usual names, case-insensitively", () => {
    const rows = toImportRows([
      {
        Subject: "VPN",
        Description: "drops",
        Queue: "Network",
        Priority: "High",
        Type: "Incident",
        Tags: ["vpn"],
      },
    ]);
    expect(rows).toEqual([
      {
        title: "VPN",
        body: "drops",
        priority: "High",
        category: "Network",
        type: "Incident",
        skills: ["vpn"],
      },
    ]);
  });

  it("follows an explicit mapping and splits skill lists", () => {
    const rows = toImportRows(
      [{ headline: "Printer", details: "jams", areas: "Hardware|Printing | Hardware" }],
      {
        title: "headline",
        body: "details",
        skills: "areas",
      },
    );
    expect(rows[0]).toMatchObject({ title: "Printer", body: "jams", skills: ["Hardware", "Printing"] });
  });

  it("leaves out records with neither title nor body", () => {
    expect(toImportRows([{ priority: "low" }])).toEqual([]);
  });

  it("says which JSONL line is broken", () => {
    expect(() => parseJsonl('{"a":1}\n{oops')).toThrow("line 2: not valid JSON");
  });
});
