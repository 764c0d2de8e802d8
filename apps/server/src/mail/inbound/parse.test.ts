import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { classifyMail } from "./classify.ts";
import { headerBlock, type InboundMail, parseInboundMail } from "./parse.ts";
import { replyTextOf, titleOf } from "./reply-text.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const parse = (name: string) => parseInboundMail(fixture(name));
const OWN = ["support@example.com", "helpdesk@example.com"];

describe("reading real-world mail", () => {
  it("takes the text part of multipart/alternative, with sender, Cc and Message-ID", async () => {
    const mail = await parse("multipart-alternative.eml");
    expect(mail.messageId).toBe("<alt-1@mail.example.com>");
    expect(mail.from).toEqual({ address: "ann@example.com", name: "Ann Example" });
    expect(mail.cc.map((person) => person.address)).toEqual(["bob@example.com"]);
    expect(mail.text).toBe("Hello,\n\nThe VPN disconnects every few minutes since this morning.\n\nAnn");
  });

  it("turns an HTML-only mail into plain text without markup, script, style or tracking pixel", async () => {
    const mail = await parse("html-only.eml");
    expect(mail.text).toContain("The printer on floor 2 jams on every page.");
    expect(mail.text).toContain("https://wiki.example.com/printers");
    expect(mail.text).not.toMatch(/<|alert|color:red|tracker/);
  });

  it("keeps an inline image as an inline file and the HTML's words as the text", async () => {
    const mail = await parse("inline-image.eml");
    expect(mail.text).toBe("This dialog appears when I start Outlook:");
    expect(mail.files).toEqual([
      expect.objectContaining({ name: "screenshot.png", contentType: "image/png", inline: true }),
    ]);
    expect(mail.files[0]?.bytes.subarray(1, 4).toString()).toBe("PNG");
  });

  it.each([
    ["iso-8859-1-qp.eml", "Café machine cassée", "le café de la réception ne marche plus. Merci, Zoë"],
    ["windows-1252-base64.eml", "Invoice charged twice", "Our invoice shows “€120” twice – please refund."],
    ["shift-jis.eml", "ログインできない", "パスワードをリセットできません。"],
  ])("decodes %s (charset and transfer encoding) in subject and body", async (name, subject, text) => {
    const mail = await parse(name);
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(text);
  });

  it("keeps a calendar invite's .ics as a file beside the text", async () => {
    const mail = await parse("calendar-invite.eml");
    expect(mail.text).toBe("Please set up the projector in room 4 before the board meeting.");
    expect(mail.files.map((file) => [file.name, file.contentType])).toEqual([
      ["invite.ics", "text/calendar"],
    ]);
  });

  it("makes up a stable Message-ID from the bytes of a mail that has none", async () => {
    const raw = Buffer.from("From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n");
    const first = await parseInboundMail(raw);
    expect(first.messageId).toMatch(/^<sha256-[0-9a-f]{64}@inbound\.helpdesk>$/);
    expect((await parseInboundMail(Buffer.from(raw))).messageId).toBe(first.messageId);
  });

  it("cuts a raw message to its header block", () => {
    const raw = Buffer.from("Subject: x\r\nFrom: a@b.c\r\n\r\nbody body");
    expect(headerBlock(raw).toString()).toBe("Subject: x\r\nFrom: a@b.c\r\n\r\n");
  });
});

describe("what a reply says", () => {
  it("cuts Gmail's 'On … wrote:' quote and keeps the words above it", async () => {
    expect(replyTextOf((await parse("gmail-reply.eml")).text)).toBe(
      "Restarting the router fixed it, thank you!\n\nAnn",
    );
  });

  it("cuts Outlook's underscored 'From: … Sent: …' block", async () => {
    const reply = replyTextOf((await parse("outlook-reply.eml")).text);
    expect(reply).toContain("It boots again after the BIOS update.");
    expect(reply).not.toContain("Please update the BIOS");
  });

  it("keeps only the newest message of a twenty-deep thread", async () => {
    expect(replyTextOf((await parse("long-thread.eml")).text)).toBe(
      "Still failing with the same error today.",
    );
  });

  it("keeps a forwarded message whole: it is what the ticket is about", async () => {
    const text = (await parse("forwarded.eml")).text;
    expect(text).toContain("Is this mail genuine?");
    expect(text).toContain("http://evil.example.net/login");
  });

  it("never empties a reply that is all quote", () => {
    expect(replyTextOf("> only a quote")).toBe("> only a quote");
  });

  it("makes a title of a subject without reply prefixes or our ticket reference", () => {
    expect(titleOf("Re: RE: Fwd: [#12] VPN drops")).toBe("VPN drops");
    expect(titleOf("AW: WG:  Drucker  defekt")).toBe("Drucker defekt");
    expect(titleOf("Release notes")).toBe("Release notes");
  });
});

describe("which mail may become a ticket", () => {
  const classify = async (name: string) => classifyMail(await parse(name), OWN);

  it.each([
    ["auto-reply.eml", /Auto-Submitted: auto-replied/],
    ["bounce.eml", /multipart\/report/],
    ["mailing-list.eml", /Precedence: bulk/],
  ])("ignores %s and says why", async (name, reason) => {
    const result = await classify(name);
    expect(result.ticketable).toBe(false);
    if (!result.ticketable) expect(result.reason).toMatch(reason);
  });

  it.each([
    "multipart-alternative.eml",
    "html-only.eml",
    "gmail-reply.eml",
    "outlook-reply.eml",
    "forwarded.eml",
    "calendar-invite.eml",
  ])("takes %s, which a person wrote", async (name) => {
    expect(await classify(name)).toEqual({ ticketable: true });
  });

  const mail = (headers: Record<string, string>, from = "ann@example.com"): InboundMail => ({
    messageId: "<x@example.com>",
    from: { address: from, name: "" },
    to: [],
    cc: [],
    subject: "s",
    inReplyTo: [],
    references: [],
    headers: new Map(Object.entries(headers).map(([name, value]) => [name, [value]])),
    contentType: "text/plain",
    text: "t",
    files: [],
  });

  it.each([
    [{}, "support@example.com", /own address/],
    [{}, "postmaster@example.org", /postmaster/],
    [{}, "MAILER-DAEMON@example.org".toLowerCase(), /mailer-daemon/],
    [{ "return-path": "<>" }, "ann@example.com", /empty return path/],
    [{ "x-auto-response-suppress": "OOF, AutoReply" }, "ann@example.com", /X-Auto-Response-Suppress/],
    [{ precedence: "junk" }, "ann@example.com", /Precedence: junk/],
    [{ "list-id": "<dev.lists.example.org>" }, "ann@example.com", /mailing-list/],
    [{ "x-autoreply": "yes" }, "ann@example.com", /auto-reply/],
  ])("ignores a mail with %j from %s", (headers, from, reason) => {
    const result = classifyMail(mail(headers, from), OWN);
    expect(result).toEqual({ ticketable: false, reason: expect.stringMatching(reason) });
  });

  it("takes Auto-Submitted: no, which says a person sent it", () => {
    expect(classifyMail(mail({ "auto-submitted": "no" }), OWN)).toEqual({ ticketable: true });
  });

  it("ignores a mail that carries one of our own Message-IDs (our mail came back)", () => {
    expect(classifyMail({ ...mail({}), messageId: "<6f1c7a4e@helpdesk>" }, OWN).ticketable).toBe(false);
  });
});
