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

  it("reads an export as Excel writes it: byte-order mark, CRLF, a quoted CRLF and padded headers", () => {
    const records = parseCsv(
      '\uFEFF Subject , Description \r\n"Printer, 2nd floor","Jams.\r\nAgain."\r\n\r\nVPN,"drops"\r\n',
    );
    expect(records).toEqual([
      { Subject: "Printer, 2nd floor", Description: "Jams.\r\nAgain." },
      { Subject: "VPN", Description: "drops" },
    ]);
    expect(toImportRows(records).map((row) => row.title)).toEqual(["Printer, 2nd floor", "VPN"]);
  });

  it("reads old Mac line endings (CR only)", () => {
    expect(parseCsv("subject,body\rVPN,drops\rWifi,slow")).toEqual([
      { subject: "VPN", body: "drops" },
      { subject: "Wifi", body: "slow" },
    ]);
  });

  it("takes ragged rows: a short row lacks the columns it does not reach, a long one loses the extra", () => {
    const records = parseCsv("subject,body,tags\nVPN\nWifi,slow,network,unexpected\n");
    expect(records).toEqual([{ subject: "VPN" }, { subject: "Wifi", body: "slow", tags: "network" }]);
    expect(toImportRows(records)).toMatchObject([
      { title: "VPN", body: "", skills: null },
      { title: "Wifi", body: "slow", skills: ["network"] },
    ]);
  });

  it("leaves out blank rows, keeps a stray quote inside a field as text", () => {
    expect(parseCsv('subject,body\n , \n,\n24" monitor,flickers\n')).toEqual([
      { subject: '24" monitor', body: "flickers" },
    ]);
  });

  it("a file with only a header, or nothing, has no records", () => {
    expect(parseCsv("subject,body\r\n")).toEqual([]);
    expect(parseCsv("")).toEqual([]);
  });

  it("refuses a file that ends inside a quoted field (a truncated export)", () => {
    expect(() => parseCsv('subject,body\nVPN,"drops\nWifi,slow\n')).toThrow(/Quote Not Closed/);
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
