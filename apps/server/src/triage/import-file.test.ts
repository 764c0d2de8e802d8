import { describe, expect, it } from "vitest";
import { parseCsv, readHistoryFile } from "./import-file.ts";

const jsonl = (...records: unknown[]) => records.map((record) => JSON.stringify(record)).join("\n");

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
    const { rows } = readHistoryFile(
      '\uFEFF Subject , Description \r\n"Printer, 2nd floor","Jams.\r\nAgain."\r\n\r\nVPN,"drops"\r\n',
      "csv",
    );
    expect(rows.map((row) => row.title)).toEqual(["Printer, 2nd floor", "VPN"]);
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
    expect(
      readHistoryFile("subject,body,tags\nVPN\nWifi,slow,network,unexpected\n", "csv").rows,
    ).toMatchObject([
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
    const { rows } = readHistoryFile(
      jsonl({
        Subject: "VPN",
        Description: "drops",
        Queue: "Network",
        Priority: "High",
        Type: "Incident",
        Tags: ["vpn"],
      }),
      "jsonl",
    );
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
    const { rows } = readHistoryFile(
      jsonl({ headline: "Printer", details: "jams", areas: "Hardware|Printing | Hardware" }),
      "jsonl",
      { title: "headline", body: "details", skills: "areas" },
    );
    expect(rows[0]).toMatchObject({ title: "Printer", body: "jams", skills: ["Hardware", "Printing"] });
  });

  it("refuses records with neither title nor body, saying so", () => {
    expect(readHistoryFile(jsonl({ priority: "low" }), "jsonl")).toEqual({
      rows: [],
      problems: [{ line: 1, message: "neither a title nor a description" }],
    });
  });
});

describe("checking history files as the API checks tickets", () => {
  it("says which JSONL lines are broken or not records, and reads the others", () => {
    const text = [
      jsonl({ title: "VPN", body: "drops" }),
      "{oops",
      "null",
      "",
      '["a list"]',
      "42",
      jsonl({ title: "Wifi", body: "slow" }),
    ].join("\n");
    const { rows, problems } = readHistoryFile(text, "jsonl");
    expect(rows.map((row) => row.title)).toEqual(["VPN", "Wifi"]);
    expect(problems).toEqual([
      { line: 2, message: "not valid JSON" },
      { line: 3, message: "a record must be an object of fields, not null" },
      { line: 5, message: "a record must be an object of fields, not a list" },
      { line: 6, message: "a record must be an object of fields, not number" },
    ]);
  });

  it("refuses objects where text belongs, instead of importing '[object Object]'", () => {
    const { rows, problems } = readHistoryFile(
      jsonl(
        { title: { text: "VPN" }, body: "drops" },
        { title: "VPN", body: ["drops"] },
        { title: "VPN", body: "drops", priority: { level: 1 } },
        { title: "VPN", body: "drops", tags: [{ name: "vpn" }] },
        { title: 404, body: "Page not found", priority: 2 },
      ),
      "jsonl",
    );
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "1: title: must be text, not an object",
      "2: body: must be text, not a list",
      "3: priority: must be text, not an object",
      "4: tags: must be text or a list of text, not a list",
    ]);
    expect(rows).toMatchObject([{ title: "404", body: "Page not found", priority: "2" }]);
    expect(JSON.stringify(rows)).not.toContain("[object Object]");
  });

  it("applies the API's limits: title 200, description 20,000, category 80, skills 60 each and 50 in all", () => {
    const { rows, problems } = readHistoryFile(
      jsonl(
        { title: "t".repeat(201), body: "ok" },
        { title: "ok", body: "d".repeat(20_001) },
        { title: "ok", body: "ok", category: "c".repeat(81) },
        { title: "ok", body: "ok", skills: ["s".repeat(61)] },
        { title: "ok", body: "ok", skills: Array.from({ length: 51 }, (_, n) => `skill ${n}`) },
        { title: "t".repeat(200), body: "d".repeat(20_000), category: "c".repeat(80) },
      ),
      "jsonl",
    );
    expect(problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
      "1: title: Title is at most 200 characters",
      "2: description: Description is at most 20,000 characters",
      expect.stringMatching(/^3: category: /),
      "4: skills: A skill is at most 60 characters",
      "5: skills: At most 50 skills",
    ]);
    expect(rows).toHaveLength(1);
  });

  it("makes titles one line, as the API does", () => {
    const { rows } = readHistoryFile('subject,body\n"VPN\r\ndrops\nagain",text\n', "csv");
    expect(rows[0]?.title).toBe("VPN drops again");
  });

  it("numbers CSV records by the lines they span, and reports an unclosed quote instead of throwing", () => {
    const spanning = readHistoryFile(
      `subject,body\nVPN,drops\n"${"t".repeat(150)}\n${"t".repeat(60)}",x\n`,
      "csv",
    );
    expect(spanning.problems).toEqual([
      { line: 3, lastLine: 4, message: "title: Title is at most 200 characters" },
    ]);
    expect(spanning.rows).toHaveLength(1);

    const truncated = readHistoryFile('subject,body\nVPN,drops\nWifi,"slow\nPrinter,jams\n', "csv");
    expect(truncated.rows).toEqual([]);
    expect(truncated.problems).toEqual([
      {
        line: expect.any(Number),
        message: expect.stringContaining("a quote that opens a field is never closed"),
      },
    ]);
  });
});
