import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Database, Executor } from "../../db/client.ts";
import { inboundMessages, mailOutbox } from "../../db/schema.ts";
import { mailReceived } from "../../jobs/definitions.ts";
import type { JobSender } from "../../queue/job-queue.ts";
import { envelopeOf, headerBlock } from "./parse.ts";

export type InboundSource = "imap" | "smtp";
export type InboundRow = typeof inboundMessages.$inferSelect;
export type InboundOutcome = "ticketed" | "appended" | "ignored" | "held";

/** A mail as a source hands it over; `size` is its whole size even when only its headers were read. */
export type RawInbound = { raw: Buffer; size: number; source: InboundSource };

export type IngestResult = { inboundId: string; duplicate: false } | { inboundId: null; duplicate: true };

/**
 * Records a mail once by its Message-ID and, in the same transaction, the job that files it: a mail
 * a source hands over twice (IMAP redelivery, a retried SMTP transaction) is recorded once, and a
 * recorded mail is filed even if the process dies right after. A mail larger than `maxBytes` keeps
 * its headers only and is held for an admin, with the reason.
 */
export async function ingestMessage(
  db: Database,
  jobs: JobSender,
  mail: RawInbound,
  { maxBytes }: { maxBytes: number },
): Promise<IngestResult> {
  const oversized = mail.size > maxBytes || mail.raw.length > maxBytes;
  const raw = oversized ? headerBlock(mail.raw) : mail.raw;
  const envelope = await envelopeOf(raw);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inboundMessages)
      .values({
        messageId: envelope.messageId,
        source: mail.source,
        fromAddress: envelope.from ?? null,
        subject: envelope.subject,
        size: mail.size,
        raw,
        ...(oversized && {
          outcome: "held" as const,
          reason: `larger than INBOUND_MAX_SIZE (${mail.size} bytes, at most ${maxBytes}); its headers are kept`,
          processedAt: new Date(),
        }),
      })
      .onConflictDoNothing({ target: inboundMessages.messageId })
      .returning({ id: inboundMessages.id });
    if (!row) return { inboundId: null, duplicate: true };
    if (!oversized) await jobs.send(mailReceived, { inboundId: row.id }, { tx });
    return { inboundId: row.id, duplicate: false };
  });
}

/**
 * Takes a received mail to file it: the row is locked until the caller's transaction ends, so two
 * runs of the job file it once; undefined when it was filed already (or never existed).
 */
export async function claimReceivedMail(tx: Executor, inboundId: string): Promise<InboundRow | undefined> {
  const [row] = await tx
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.id, inboundId), eq(inboundMessages.outcome, "received")))
    .for("update");
  return row;
}

/**
 * What became of a mail. A ticketed or appended mail lives on in its ticket, so its raw bytes go;
 * an ignored or held one keeps them, for an admin to see why.
 */
export async function recordInboundOutcome(
  tx: Executor,
  inboundId: string,
  result: { outcome: InboundOutcome; reason?: string; ticketId?: string | null },
): Promise<void> {
  const filed = result.outcome === "ticketed" || result.outcome === "appended";
  await tx
    .update(inboundMessages)
    .set({
      outcome: result.outcome,
      reason: result.reason ?? null,
      ticketId: result.ticketId ?? null,
      processedAt: new Date(),
      ...(filed && { raw: null }),
    })
    .where(eq(inboundMessages.id, inboundId));
}

/**
 * The ticket that one of these Message-IDs belongs to: a mail we sent about it, or a mail it came
 * with. The first id given that names a ticket wins (the caller lists the message answered first).
 */
export async function findTicketByMessageIds(
  db: Executor,
  messageIds: string[],
): Promise<string | undefined> {
  if (messageIds.length === 0) return undefined;
  const sent = await db
    .select({ messageId: mailOutbox.messageId, ticketId: mailOutbox.ticketId })
    .from(mailOutbox)
    .where(and(inArray(mailOutbox.messageId, messageIds), isNotNull(mailOutbox.ticketId)));
  const received = await db
    .select({ messageId: inboundMessages.messageId, ticketId: inboundMessages.ticketId })
    .from(inboundMessages)
    .where(and(inArray(inboundMessages.messageId, messageIds), isNotNull(inboundMessages.ticketId)));
  const byId = new Map([...sent, ...received].map((row) => [row.messageId, row.ticketId as string]));
  return messageIds.map((id) => byId.get(id)).find(Boolean);
}

/** The Message-IDs of the mails a ticket was opened and answered with, oldest first. */
export async function listTicketMessageIds(db: Executor, ticketId: string): Promise<string[]> {
  const rows = await db
    .select({ messageId: inboundMessages.messageId })
    .from(inboundMessages)
    .where(
      and(eq(inboundMessages.ticketId, ticketId), inArray(inboundMessages.outcome, ["ticketed", "appended"])),
    )
    .orderBy(asc(inboundMessages.receivedAt), asc(inboundMessages.id));
  return rows.map((row) => row.messageId);
}

export async function findInboundMessage(db: Executor, inboundId: string): Promise<InboundRow | undefined> {
  const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, inboundId));
  return row;
}

/** A page of the inbound log, newest first; `before` is the last row of the previous page. */
export async function listInboundMessages(
  db: Executor,
  { limit, before, outcome }: { limit: number; before?: { receivedAt: Date; id: string }; outcome?: string },
): Promise<InboundRow[]> {
  return db
    .select()
    .from(inboundMessages)
    .where(
      and(
        outcome ? sql`${inboundMessages.outcome} = ${outcome}` : undefined,
        before
          ? or(
              lt(inboundMessages.receivedAt, before.receivedAt),
              and(eq(inboundMessages.receivedAt, before.receivedAt), lt(inboundMessages.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(inboundMessages.receivedAt), desc(inboundMessages.id))
    .limit(limit);
}
