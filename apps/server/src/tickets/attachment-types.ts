import { fileTypeFromBuffer } from "file-type";
import { contentDisposition } from "./attachment-rules.ts";

/**
 * Types a browser would run as a page or script if it rendered them. They are stored as what they
 * are, but served as plain bytes (`servedContentType`), always as a download.
 */
const ACTIVE_TYPES = new Set([
  "text/html",
  "application/xhtml+xml",
  "image/svg+xml",
  "application/xml",
  "text/xml",
  "text/javascript",
  "application/javascript",
  "text/x-shellscript",
]);

/** What the bytes are, whatever the file is called: a magic number, else markup, script or text. */
export async function detectContentType(bytes: Uint8Array): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  if (found && found.mime !== "application/xml") return found.mime;
  return sniffText(bytes) ?? found?.mime ?? "application/octet-stream";
}

/** The Content-Type a download is served with: active content never as itself. */
export function servedContentType(type: string): string {
  if (ACTIVE_TYPES.has(type)) return "application/octet-stream";
  if (type === "text/plain") return "text/plain; charset=utf-8";
  return type;
}

/**
 * How a download is served: always as a file to save, never rendered or sniffed by the browser, and
 * sandboxed should anything open it anyway.
 */
export function downloadHeaders(file: {
  name: string;
  contentType: string;
  size: number;
}): Record<string, string> {
  return {
    "content-type": servedContentType(file.contentType),
    "content-length": String(file.size),
    "content-disposition": contentDisposition(file.name),
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
  };
}

/** Tags that make a browser treat text as HTML (the WHATWG sniffing table, and script-bearing ones). */
const HTML_TAG =
  /<(!doctype\s+html|html|head|body|script|iframe|object|embed|frameset|style|title|meta|link|form|img|a|div|p|br|table|h1|b|font|!--)[\s/>]/i;
const SVG_TAG = /<svg[\s/>]/i;
const XML_DECLARATION = /^<\?xml[\s?]/;
const TEXT_PREFIX_BYTES = 4096;

function sniffText(bytes: Uint8Array): string | undefined {
  const text = decodeUtf8(bytes);
  if (text === undefined) return undefined;
  const start = text
    .slice(0, TEXT_PREFIX_BYTES)
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (SVG_TAG.test(start)) return "image/svg+xml";
  if (HTML_TAG.test(start)) return "text/html";
  if (XML_DECLARATION.test(start)) return "application/xml";
  if (start.startsWith("#!")) return "text/x-shellscript";
  return "text/plain";
}

/** The text, if the bytes are UTF-8 without NUL (a binary format file-type does not know is not text). */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
