import type { Attachment } from "@helpdesk/contracts";
import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { isStaff, type Viewer } from "../auth/viewer.ts";
import type { Executor } from "../db/client.ts";
import { isUuid } from "../db/ids.ts";
import { attachments, ticketComments, tickets } from "../db/schema.ts";
import { notFound } from "../errors.ts";
import {
  type AttachmentLimits,
  checkAttachmentLimits,
  cleanFileName,
  type IncomingFile,
} from "./attachment-rules.ts";
import { detectContentType } from "./attachment-types.ts";
import { canView } from "./visibility.ts";

export type { AttachmentLimits, IncomingFile } from "./attachment-rules.ts";

/** A stored file with its bytes: what a download or a mail sends. */
export type AttachmentFile = { id: string; name: string; contentType: string; size: number; bytes: Buffer };

const summary = {
  id: attachments.id,
  name: attachments.name,
  type: attachments.contentType,
  size: attachments.size,
  commentId: attachments.commentId,
};

/**
 * Keeps files on a ticket (commentId null) or on one of its comments, in the caller's transaction,
 * so they exist if and only if what they came with does. Refuses the whole lot (413) if any limit
 * is broken; the type is detected from the bytes, never taken from the name.
 */
export async function storeAttachments(
  tx: Executor,
  input: { ticketId: string; commentId: string | null; uploaderId: string; files: IncomingFile[] },
  limits: AttachmentLimits,
): Promise<Attachment[]> {
  if (input.files.length === 0) return [];
  checkAttachmentLimits(
    input.files.map((file) => ({ name: file.name, size: file.bytes.byteLength })),
    limits,
  );
  const rows = await Promise.all(
    input.files.map(async (file, position) => ({
      ticketId: input.ticketId,
      commentId: input.commentId,
      uploadedBy: input.uploaderId,
      name: cleanFileName(file.name),
      contentType: await detectContentType(file.bytes),
      size: file.bytes.byteLength,
      bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      position,
    })),
  );
  const stored = await tx.insert(attachments).values(rows).returning(summary);
  return stored.map(presentAttachment);
}

/** The files on the ticket itself, oldest first. */
export async function listTicketAttachments(db: Executor, ticketId: string): Promise<Attachment[]> {
  const rows = await db
    .select(summary)
    .from(attachments)
    .where(and(eq(attachments.ticketId, ticketId), isNull(attachments.commentId)))
    .orderBy(asc(attachments.createdAt), asc(attachments.position));
  return rows.map(presentAttachment);
}

/** Every comment's files on a ticket, by comment id: the caller lists only comments its viewer may see. */
export async function listCommentAttachments(
  db: Executor,
  ticketId: string,
): Promise<Map<string, Attachment[]>> {
  const rows = await db
    .select(summary)
    .from(attachments)
    .where(and(eq(attachments.ticketId, ticketId), isNotNull(attachments.commentId)))
    .orderBy(asc(attachments.createdAt), asc(attachments.position));
  const byComment = new Map<string, Attachment[]>();
  for (const row of rows) {
    const commentId = row.commentId as string;
    byComment.set(commentId, [...(byComment.get(commentId) ?? []), presentAttachment(row)]);
  }
  return byComment;
}

/**
 * A file the viewer may download: they must see its ticket (another user's is "not found"), and an
 * internal note's files are the team's only. Whatever they may not see is "not found".
 */
export async function openAttachmentForViewer(
  db: Executor,
  viewer: Viewer,
  id: string,
): Promise<AttachmentFile> {
  const [row] = isUuid(id)
    ? await db
        .select({ file: attachments, createdBy: tickets.createdBy, internal: ticketComments.internal })
        .from(attachments)
        .innerJoin(tickets, eq(tickets.id, attachments.ticketId))
        .leftJoin(ticketComments, eq(ticketComments.id, attachments.commentId))
        .where(eq(attachments.id, id))
    : [];
  if (!row || !canView(viewer, row) || (row.internal && !isStaff(viewer))) throw notFound("Attachment");
  const { file } = row;
  return { id: file.id, name: file.name, contentType: file.contentType, size: file.size, bytes: file.bytes };
}

/** The files a reply carried, without their bytes: what a mail about it decides from. */
export async function listAttachmentsOfComment(db: Executor, commentId: string): Promise<Attachment[]> {
  const rows = await db
    .select(summary)
    .from(attachments)
    .where(eq(attachments.commentId, commentId))
    .orderBy(asc(attachments.createdAt), asc(attachments.position));
  return rows.map(presentAttachment);
}

/** Files by id with their bytes, for the mail that carries them; ids of deleted files are skipped. */
export async function loadAttachmentFiles(db: Executor, ids: string[]): Promise<AttachmentFile[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(attachments)
    .where(inArray(attachments.id, ids))
    .orderBy(asc(attachments.createdAt), asc(attachments.position));
  return rows.map((file) => ({
    id: file.id,
    name: file.name,
    contentType: file.contentType,
    size: file.size,
    bytes: file.bytes,
  }));
}

/** Names and sizes by id, for the built-in mailbox's list of a mail's files. */
export async function describeAttachments(db: Executor, ids: string[]): Promise<Map<string, Attachment>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select(summary).from(attachments).where(inArray(attachments.id, ids));
  return new Map(rows.map((row) => [row.id, presentAttachment(row)]));
}

function presentAttachment(row: { id: string; name: string; type: string; size: number }): Attachment {
  return { _id: row.id, name: row.name, type: row.type, size: row.size };
}

/** A ticket or comment as replies show it: `attachments` only when it has some (the original shapes have none). */
export function withAttachments<T extends object>(item: T, files: Attachment[] | undefined): T {
  return files && files.length > 0 ? { ...item, attachments: files } : item;
}
