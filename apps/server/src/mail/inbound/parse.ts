import { createHash } from "node:crypto";
import { convert } from "html-to-text";
import { type AddressObject, simpleParser } from "mailparser";

export type InboundAddress = { address: string; name: string };

/** A file that came with a mail; `inline` ones are pictures shown inside an HTML body. */
export type InboundFile = { name: string; contentType: string; bytes: Buffer; inline: boolean };

/** What the help desk reads of an incoming mail. */
export type InboundMail = {
  /** As sent, with angle brackets; a mail without one gets one made from its bytes (see envelopeOf). */
  messageId: string;
  from: InboundAddress | undefined;
  to: InboundAddress[];
  cc: InboundAddress[];
  subject: string;
  inReplyTo: string[];
  references: string[];
  /** Every header by lower-case name, values unfolded, in order. */
  headers: Map<string, string[]>;
  /** The top-level media type, lower case ("multipart/report" for a bounce). */
  contentType: string;
  /** The body as plain text: the text part, else the HTML part converted; quotes not yet stripped. */
  text: string;
  files: InboundFile[];
};

/** Parses a raw message (RFC 5322, any charset or transfer encoding mailparser knows). */
export async function parseInboundMail(raw: Buffer): Promise<InboundMail> {
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const headers = new Map<string, string[]>();
  for (const { key, line } of mail.headerLines) {
    const value = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    headers.set(key, [...(headers.get(key) ?? []), value]);
  }
  const contentType = mail.headers.get("content-type") as { value?: string } | undefined;
  const text = mail.text?.trim()
    ? mail.text
    : typeof mail.html === "string"
      ? htmlToPlainText(mail.html)
      : "";
  return {
    messageId: normaliseMessageId(mail.messageId) ?? madeUpMessageId(raw),
    from: addressesOf(mail.from)[0],
    to: addressesOf(mail.to),
    cc: addressesOf(mail.cc),
    subject: mail.subject?.trim() ?? "",
    inReplyTo: messageIdsIn(mail.inReplyTo),
    references: messageIdsIn(mail.references),
    headers,
    contentType: contentType?.value?.toLowerCase() ?? "text/plain",
    text: text.replace(/\r\n/g, "\n"),
    files: mail.attachments.map((file, index) => ({
      name: file.filename ?? `attachment-${index + 1}`,
      contentType: file.contentType,
      bytes: file.content,
      inline: file.contentDisposition === "inline" || file.related === true,
    })),
  };
}

/** What ingesting needs before anything else, read from the headers only (a held mail keeps no more). */
export type Envelope = { messageId: string; from: string | undefined; subject: string };

export async function envelopeOf(raw: Buffer): Promise<Envelope> {
  const mail = await simpleParser(headerBlock(raw), { skipHtmlToText: true, skipTextToHtml: true });
  return {
    messageId: normaliseMessageId(mail.messageId) ?? madeUpMessageId(raw),
    from: addressesOf(mail.from)[0]?.address,
    subject: mail.subject?.trim() ?? "",
  };
}

/** The header section of a raw message, with the blank line that ends it. */
export function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  const ends = [crlf >= 0 ? crlf + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((end) => end >= 0);
  return ends.length > 0 ? raw.subarray(0, Math.min(...ends)) : raw;
}

/**
 * HTML as plain text a ticket can show as written: no markup survives, links keep their address,
 * pictures are left out (inline ones arrive as files), quoted blocks are marked with "> ".
 */
export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: "a", options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: "img", format: "skip" },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "h3", options: { uppercase: false } },
      { selector: "table", format: "dataTable" },
    ],
  }).trim();
}

/** A mail without a Message-ID is known by its bytes: the same mail delivered twice is the same. */
function madeUpMessageId(raw: Buffer): string {
  return `<sha256-${createHash("sha256").update(raw).digest("hex")}@inbound.helpdesk>`;
}

function normaliseMessageId(id: string | undefined): string | undefined {
  const trimmed = id?.trim();
  if (!trimmed) return undefined;
  return trimmed.startsWith("<") ? trimmed : `<${trimmed}>`;
}

function messageIdsIn(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(" ") : (value ?? "");
  return [...new Set(text.match(/<[^<>\s]+>/g) ?? [])];
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): InboundAddress[] {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  const flat = objects
    .flatMap((object) => object.value)
    .flatMap((entry) => (entry.group ? entry.group : [entry]));
  return flat
    .filter((entry) => entry.address?.includes("@"))
    .map((entry) => ({ address: (entry.address as string).toLowerCase(), name: entry.name ?? "" }));
}
