import type {
  BulkUpdateReply,
  BulkUpdateRequest,
  CreateTicketRequest,
  ListTicketsQuery,
  TicketEventData,
  UpdateTicketRequest,
} from "@helpdesk/contracts";
import { isOpenStatus } from "@helpdesk/contracts/constants";
import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { isStaff, type Viewer } from "../auth/viewer.ts";
import type { Database, Executor } from "../db/client.ts";
import { isUuid } from "../db/ids.ts";
import { tickets, users } from "../db/schema.ts";
import { AppError, badRequest, forbidden, notFound } from "../errors.ts";
import {
  ticketAssigned,
  ticketCreated,
  ticketReprioritized,
  ticketRetriage,
  ticketStatusChanged,
} from "../jobs/definitions.ts";
import type { JobSender } from "../queue/job-queue.ts";
import { publishTicketChange } from "../realtime/publish.ts";
import type { Correction } from "../triage/history.ts";
import { findOrCreateContact } from "../users/contacts.ts";
import { resolveSkills, type UnknownSkills } from "../vocabulary/catalogue.ts";
import { assignmentOf } from "./assignment.ts";
import { type NewTicketEvent, recordEvents } from "./events.ts";
import { encodeCursor, listConditions, listOrder, type TextMatch } from "./list-query.ts";
import { assignedEvent } from "./operations.ts";
import { TYPO_SIMILARITY, typoCondition } from "./search.ts";
import { canCreatorMove, canMove } from "./status.ts";
import { canView, type TicketRecord, type TicketRow } from "./visibility.ts";

const requester = alias(users, "requester");
const assignee = alias(users, "assignee");

function selectRecords(db: Executor) {
  return db
    .select({
      ticket: tickets,
      requester: { id: requester.id, email: requester.email },
      assignee: { id: assignee.id, email: assignee.email },
    })
    .from(tickets)
    .innerJoin(requester, eq(requester.id, tickets.createdBy))
    .leftJoin(assignee, eq(assignee.id, tickets.assignedTo));
}

export async function createTicket(
  db: Executor,
  viewer: Viewer,
  input: CreateTicketRequest,
  jobs: JobSender,
): Promise<TicketRecord> {
  if (input.requesterEmail && !isStaff(viewer)) {
    throw forbidden("Only staff file tickets for someone else");
  }
  const id = await db.transaction(async (tx) => {
    const requester = input.requesterEmail ? await requesterFor(tx, input.requesterEmail) : viewer;
    const [row] = await tx
      .insert(tickets)
      .values({ title: input.title, description: input.description, createdBy: requester.id })
      .returning({ id: tickets.id, number: tickets.number });
    if (!row) throw new Error("insert returned no row");
    // The history says who filed it: the staff member, for the requester.
    await recordEvents(tx, [
      { ticketId: row.id, actorId: viewer.id, kind: "created", data: { number: row.number } },
    ]);
    // In the same transaction: the ticket exists if and only if its pipeline job does.
    await jobs.send(ticketCreated, { ticketId: row.id }, { tx });
    await publishTicketChange(tx, { ticketId: row.id, kind: "created", createdBy: requester.id });
    return row.id;
  });
  return loadTicket(db, id);
}

/** The person a member of staff files a ticket for: their account, or a new contact account. */
async function requesterFor(tx: Executor, email: string): Promise<{ id: string }> {
  const requester = await findOrCreateContact(tx, email);
  if (requester.disabledAt)
    throw badRequest(`${requester.email}'s account is disabled`, "requester_disabled");
  return requester;
}

/** Any ticket by id, whoever asks: for the pipeline and for services that checked access already. */
export async function loadTicket(db: Executor, id: string): Promise<TicketRecord> {
  const record = isUuid(id) ? (await selectRecords(db).where(eq(tickets.id, id)))[0] : undefined;
  if (!record) throw notFound("Ticket");
  return record;
}

/** A ticket the viewer may see; another user's ticket is "not found", never "forbidden". */
export async function getTicketForViewer(db: Executor, viewer: Viewer, id: string): Promise<TicketRecord> {
  const record = await loadTicket(db, id);
  if (!canView(viewer, record.ticket)) throw notFound("Ticket");
  return record;
}

type TicketPage = { records: TicketRecord[]; nextCursor: string | null };

/**
 * A page of the list. A search whose exact match finds nothing at all is asked again forgiving
 * typos ("invoce" finds the invoice), on every page of it, so its pages stay one list.
 */
export async function listTickets(
  db: Executor,
  viewer: Viewer,
  query: ListTicketsQuery,
): Promise<TicketPage> {
  const exact = await listPage(db, viewer, query, "exact");
  if (exact.records.length || !query.q || !typoCondition(query.q)) return exact;
  if (
    query.cursor &&
    (await listPage(db, viewer, { ...query, cursor: undefined, limit: 1 }, "exact")).records.length
  )
    return exact;
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TYPO_SIMILARITY)}, true)`,
    );
    return listPage(tx, viewer, query, "typos");
  });
}

async function listPage(
  db: Executor,
  viewer: Viewer,
  query: ListTicketsQuery,
  match: TextMatch,
): Promise<TicketPage> {
  const rows = await selectRecords(db)
    .where(listConditions(viewer, query, match))
    .orderBy(...listOrder(query.sort))
    .limit(query.limit + 1);
  const records = rows.slice(0, query.limit);
  const last = records.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor(query.sort, last.ticket) : null;
  return { records, nextCursor };
}

/**
 * Applies a change from a person. Staff may change anything; a ticket's creator may close or
 * reopen it; anyone else is told the ticket does not exist. Every change is recorded as an event.
 */
export async function updateTicket(
  db: Database,
  viewer: Viewer,
  id: string,
  changes: UpdateTicketRequest,
  deps: TicketChangeDeps,
  { unknownSkills = "refuse" }: { unknownSkills?: UnknownSkills } = {},
): Promise<TicketRecord> {
  await db.transaction(async (tx) => {
    // One change at a time per ticket, so each starts from the state the previous one left.
    if (isUuid(id)) await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.id, id)).for("update");
    const { ticket } = await getTicketForViewer(tx, viewer, id);
    if (isStaff(viewer)) {
      await applyStaffChanges(tx, viewer, ticket, changes, unknownSkills);
    } else {
      await applyCreatorChanges(tx, viewer, ticket, changes);
    }
    const [after] = await tx.select().from(tickets).where(eq(tickets.id, ticket.id));
    if (!after || after.updatedAt.getTime() === ticket.updatedAt.getTime()) return;
    if (isStaff(viewer)) await teachTriage(tx, deps.triage, ticket, after);
    await announceChange(tx, deps.jobs, viewer, ticket, after);
  });
  return loadTicket(db, id);
}

/** What a change needs beyond the database: the job queue, and the triage engine that learns from staff. */
/**
 * One change to many tickets, applied to each as if a person made it one by one: its own
 * transaction, rules, events and mails. A ticket the change does not fit (a move its status does
 * not allow, a ticket gone) is reported and the others are still changed.
 */
export async function updateTickets(
  db: Database,
  viewer: Viewer,
  { ids, changes }: BulkUpdateRequest,
  deps: TicketChangeDeps,
): Promise<BulkUpdateReply> {
  const reply: BulkUpdateReply = { updated: [], failed: [] };
  for (const id of ids) {
    try {
      await updateTicket(db, viewer, id, changes, deps);
      reply.updated.push(id);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      reply.failed.push({ _id: id, message: error.message, error: error.code });
    }
  }
  return reply;
}

export type TicketChangeDeps = {
  jobs: JobSender;
  triage: { recordCorrection(tx: Executor, ticket: TicketRow, corrected: Correction): Promise<void> };
};

/**
 * Asks for a fresh triage of a ticket: staff only, done by a job (an LLM may take seconds), whose
 * result open screens hear of. Returns the ticket as it is until then.
 */
export async function requestRetriage(
  db: Database,
  viewer: Viewer,
  id: string,
  jobs: JobSender,
): Promise<TicketRecord> {
  const record = await getTicketForViewer(db, viewer, id);
  await jobs.send(ticketRetriage, { ticketId: record.ticket.id, actorId: viewer.id });
  return record;
}

/** A person overriding the triage's priority, category, type or skills is a lesson for the engine. */
async function teachTriage(
  tx: Executor,
  triage: TicketChangeDeps["triage"],
  before: TicketRow,
  after: TicketRow,
): Promise<void> {
  const corrected = {
    ...(after.priority !== before.priority && after.priority && { priority: after.priority }),
    ...(after.category !== before.category && after.category && { category: after.category }),
    ...(after.type !== before.type && after.type && { type: after.type }),
    ...(after.relatedSkills.join("\n") !== before.relatedSkills.join("\n") && {
      relatedSkills: after.relatedSkills,
    }),
  };
  if (Object.keys(corrected).length > 0) await triage.recordCorrection(tx, after, corrected);
}

/** Tells the pipeline (mail, due date) and live viewers what this transaction changed. */
async function announceChange(
  tx: Executor,
  jobs: JobSender,
  viewer: Viewer,
  before: TicketRow,
  after: TicketRow,
) {
  if (after.status !== before.status) {
    const payload = {
      ticketId: after.id,
      from: before.status,
      to: after.status,
      actorId: viewer.id,
      changedAt: after.updatedAt.toISOString(),
    };
    await jobs.send(ticketStatusChanged, payload, { tx });
  }
  if (after.assignedTo && after.assignedTo !== before.assignedTo) {
    await jobs.send(ticketAssigned, { ticketId: after.id }, { tx });
  }
  if (after.priority !== before.priority) {
    await jobs.send(ticketReprioritized, { ticketId: after.id }, { tx });
  }
  await publishTicketChange(tx, { ticketId: after.id, kind: "updated", createdBy: after.createdBy });
}

async function applyCreatorChanges(
  tx: Executor,
  viewer: Viewer,
  ticket: TicketRow,
  changes: UpdateTicketRequest,
) {
  const { status, ...others } = changes;
  const asked = Object.entries(others).filter(([, value]) => value !== undefined);
  if (asked.length > 0 || status === undefined) {
    throw forbidden("You can close or reopen your ticket; the support team changes everything else");
  }
  if (!canCreatorMove(ticket.status, status)) {
    throw forbidden("You can close your ticket, or reopen it once it is resolved or closed");
  }
  await changeTicket(tx, viewer, ticket, { status });
}

async function applyStaffChanges(
  tx: Executor,
  viewer: Viewer,
  ticket: TicketRow,
  changes: UpdateTicketRequest,
  unknownSkills: UnknownSkills,
) {
  if (changes.status && !canMove(ticket.status, changes.status)) {
    throw new AppError(
      409,
      "invalid_transition",
      `A ${ticket.status} ticket cannot become ${changes.status}`,
    );
  }
  if (changes.assignedTo) await assertAssignable(tx, changes.assignedTo);
  // Skills come from the catalogue (the web app offers the choice first); those already on the ticket stay.
  const relatedSkills =
    changes.relatedSkills &&
    (await resolveSkills(tx, changes.relatedSkills, { unknown: unknownSkills, kept: ticket.relatedSkills }));
  await changeTicket(tx, viewer, ticket, { ...changes, ...(relatedSkills && { relatedSkills }) });
}

async function assertAssignable(tx: Executor, userId: string): Promise<void> {
  const [user] = isUuid(userId)
    ? await tx
        .select({ role: users.role, disabledAt: users.disabledAt })
        .from(users)
        .where(eq(users.id, userId))
    : [];
  if (!user) throw badRequest("assignedTo: no such user", "validation_failed");
  if (user.role === "user")
    throw badRequest("assignedTo: tickets go to moderators or admins", "validation_failed");
  if (user.disabledAt) throw badRequest("assignedTo: this account is disabled", "validation_failed");
}

/** Writes the fields that differ and one history event per kind of change. */
async function changeTicket(tx: Executor, viewer: Viewer, ticket: TicketRow, changes: UpdateTicketRequest) {
  const now = new Date();
  const set: Partial<typeof tickets.$inferInsert> = {};
  const edits: TicketEventData<"updated">["changes"] = {};

  if (changes.priority !== undefined && changes.priority !== ticket.priority) {
    set.priority = changes.priority;
    edits.priority = { from: ticket.priority, to: changes.priority };
  }
  if (changes.category !== undefined && changes.category !== ticket.category) {
    set.category = changes.category;
    edits.category = { from: ticket.category, to: changes.category };
  }
  if (changes.type !== undefined && changes.type !== ticket.type) {
    set.type = changes.type;
    edits.type = { from: ticket.type, to: changes.type };
  }
  if (changes.relatedSkills && !sameList(changes.relatedSkills, ticket.relatedSkills)) {
    set.relatedSkills = changes.relatedSkills;
    edits.relatedSkills = { from: ticket.relatedSkills, to: changes.relatedSkills };
  }

  const reassigned = changes.assignedTo !== undefined && changes.assignedTo !== ticket.assignedTo;
  if (reassigned) {
    set.assignedTo = changes.assignedTo;
    set.assignment = changes.assignedTo
      ? assignmentOf("manual", `Assigned by ${viewer.email}`, viewer.id, now)
      : null;
  }

  // Taking a waiting ticket in hand starts work on it, as routing does.
  const status =
    changes.status ??
    (reassigned && changes.assignedTo && ticket.status === "TODO" ? "IN_PROGRESS" : undefined);
  const statusChanged = status !== undefined && status !== ticket.status;
  if (statusChanged) {
    set.status = status;
    if (!isOpenStatus(status)) set.resolvedAt = ticket.resolvedAt ?? now;
    else set.resolvedAt = null;
    if (status === "RESOLVED" && changes.resolution) set.resolution = changes.resolution;
  }

  if (Object.keys(set).length === 0) return;
  const reviewed = ticket.triage?.needsReview?.filter((field) => !(field in edits));
  if (ticket.triage && reviewed && reviewed.length !== ticket.triage.needsReview?.length) {
    // A person set what triage left for them: it needs no review any more.
    const { needsReview: _, ...triage } = ticket.triage;
    set.triage = reviewed.length > 0 ? { ...triage, needsReview: reviewed } : triage;
  }
  await tx
    .update(tickets)
    .set({ ...set, updatedAt: now })
    .where(eq(tickets.id, ticket.id));

  const events: NewTicketEvent[] = [];
  if (Object.keys(edits).length > 0) {
    events.push({ ticketId: ticket.id, actorId: viewer.id, kind: "updated", data: { changes: edits } });
  }
  if (reassigned) {
    events.push(
      assignedEvent(
        ticket.id,
        viewer.id,
        ticket.assignedTo,
        changes.assignedTo ?? null,
        set.assignment ?? null,
      ),
    );
  }
  if (statusChanged) {
    events.push({
      ticketId: ticket.id,
      actorId: viewer.id,
      kind: "status_changed",
      data: { from: ticket.status, to: status, ...(set.resolution && { resolution: set.resolution }) },
    });
  }
  await recordEvents(tx, events);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
