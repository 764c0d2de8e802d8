import { formatFileSize } from "@helpdesk/contracts/constants";
import { AppError } from "../errors.ts";

/** How much one ticket or reply may carry (config: ATTACHMENT_MAX_SIZE, _MAX_FILES, ATTACHMENTS_MAX_TOTAL). */
export type AttachmentLimits = { maxFileBytes: number; maxFiles: number; maxTotalBytes: number };

/** A file as it arrives: from a form, the API or a mail. */
export type IncomingFile = { name: string; bytes: Uint8Array };

/** Refuses, with what to do instead, files that break a limit; 413 for each kind. */
export function checkAttachmentLimits(
  files: { name: string; size: number }[],
  limits: AttachmentLimits,
): void {
  if (files.length > limits.maxFiles) throw tooManyFiles(limits.maxFiles);
  for (const file of files) {
    if (file.size > limits.maxFileBytes) throw fileTooLarge(file.name, limits.maxFileBytes);
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > limits.maxTotalBytes) throw filesTooLarge(total, limits.maxTotalBytes);
}

export const tooManyFiles = (max: number) =>
  new AppError(
    413,
    "too_many_attachments",
    max === 0 ? "Attachments are turned off here" : `Attach at most ${max} files at a time`,
  );

export const fileTooLarge = (name: string, max: number) =>
  new AppError(
    413,
    "attachment_too_large",
    `“${name}” is too large: a file may be at most ${formatFileSize(max)}`,
  );

export const filesTooLarge = (total: number, max: number) =>
  new AppError(
    413,
    "attachments_too_large",
    `The files come to ${formatFileSize(total)}; together they may be at most ${formatFileSize(max)}`,
  );

const MAX_NAME_LENGTH = 200;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Half of a surrogate pair without the other half: PostgreSQL cannot store it, nor a URL encode it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The name to keep: the last part of whatever path a client sent (`C:\fakepath\shot.png`,
 * `../../etc/passwd`), without control characters or broken emoji, at most 200 characters with its extension kept.
 */
export function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .replace(CONTROL_CHARACTERS, "")
    .replace(LONE_SURROGATE, "\uFFFD")
    .trim();
  const named = base.replace(/^\.+$/, "") || "attachment";
  const characters = [...named];
  if (characters.length <= MAX_NAME_LENGTH) return named;
  const dot = named.lastIndexOf(".");
  const extension = dot > 0 && named.length - dot <= 10 ? [...named.slice(dot)] : [];
  return [...characters.slice(0, MAX_NAME_LENGTH - extension.length), ...extension].join("");
}

/**
 * The Content-Disposition of a download: always an attachment, never shown in the page. An ASCII
 * `filename` for old clients beside the exact name as `filename*` (RFC 6266, RFC 5987).
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/gu, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Which of a reply's files its mail carries: all of them while they fit in `maxBytes` together,
 * else none (the mail names them and links to the ticket), so a recipient never gets half a set.
 */
export function chooseMailAttachments(
  files: { _id: string; name: string; size: number }[],
  maxBytes: number,
): { attachmentIds: string[]; names: string[]; attached: boolean } {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const attached = total <= maxBytes;
  return {
    attachmentIds: attached ? files.map((file) => file._id) : [],
    names: files.map((file) => file.name),
    attached,
  };
}
