import { isStaff } from "../auth/viewer.ts";
import type { Executor } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { mailReceived } from "../jobs/definitions.ts";
import { classifyMail } from "../mail/inbound/classify.ts";
import { type InboundAddress, type InboundMail, parseInboundMail } from "../mail/inbound/parse.ts";
import { replyTextOf, titleOf } from "../mail/inbound/reply-text.ts";
import {
  claimReceivedMail,
  findInboundMessage,
  findTicketByMessageIds,
  type InboundOutcome,
  recordInboundOutcome,
} from "../mail/inbound/store.ts";
import { addressOf, threadKeysOf } from "../mail/inbound/threading.ts";
import { storeAttachments } from "../tickets/attachments.ts";
import { addFollowers, isFollower } from "../tickets/followers.ts";
import { findTicketIdByNumber, findTicketRow } from "../tickets/queries.ts";
import { addMailReply } from "../tickets/replies.ts";
import { createTicket } from "../tickets/service.ts";
import { findOrCreateContact } from "../users/contacts.ts";
import { findUserByEmail } from "../users/service.ts";
import type { PipelineDeps, PipelineHandler } from "./deps.ts";

type Filed = { outcome: InboundOutcome; reason: string; ticketId?: string };

const TITLE_MAX = 200;
const TEXT_MAX = 20_000;

// Idempotent: the inbound row is claimed under a row lock and filed in the transaction that writes
// its ticket or comment; a row already filed is left alone, so a retried job files a mail once.
/** Files a mail: a new ticket, a public comment on the ticket it answers, or ignored or held with why. */
export const handleMailReceived: PipelineHandler<typeof mailReceived.payload> = {
  job: mailReceived,
  async handle({ inboundId }, deps) {
    const stored = await findInboundMessage(deps.db, inboundId);
    if (!stored?.raw || stored.outcome !== "received") return;
    const mail = await parseInboundMail(stored.raw).catch((error: Error) => error);
    await deps.db.transaction(async (tx) => {
      if (!(await claimReceivedMail(tx, inboundId))) return;
      const filed =
        mail instanceof Error
          ? { outcome: "held" as const, reason: `could not be read as a mail: ${mail.message}` }
          : await fileMail(tx, mail, deps);
      await recordInboundOutcome(tx, inboundId, filed);
    });
  },
};

async function fileMail(tx: Executor, mail: InboundMail, deps: PipelineDeps): Promise<Filed> {
  const own = ownAddresses(deps);
  const classification = classifyMail(mail, own);
  if (!classification.ticketable) return { outcome: "ignored", reason: classification.reason };
  const from = mail.from as InboundAddress;
  const match = await findThreadTicket(tx, mail, deps);
  return match ? appendToTicket(tx, mail, from, match, deps) : openTicket(tx, mail, from, deps);
}

/** The help desk's own addresses: mail from them is a loop, and they are never made followers. */
function ownAddresses(deps: PipelineDeps): string[] {
  return [...new Set([addressOf(deps.config.mail.from), addressOf(deps.config.mail.replyTo)])];
}

async function findThreadTicket(
  tx: Executor,
  mail: InboundMail,
  deps: PipelineDeps,
): Promise<{ ticketId: string; by: string } | undefined> {
  const keys = threadKeysOf(mail, addressOf(deps.config.mail.replyTo));
  if (keys.ticketId && (await findTicketRow(tx, keys.ticketId))) {
    return { ticketId: keys.ticketId, by: "its References" };
  }
  const answered = await findTicketByMessageIds(tx, keys.messageIds);
  if (answered) return { ticketId: answered, by: "In-Reply-To/References" };
  if (!keys.ticketNumber) return undefined;
  const numbered = await findTicketIdByNumber(tx, keys.ticketNumber.number);
  const where = keys.ticketNumber.from === "subject" ? "the subject" : "the plus address";
  return numbered ? { ticketId: numbered, by: `#${keys.ticketNumber.number} in ${where}` } : undefined;
}

async function openTicket(tx: Executor, mail: InboundMail, from: InboundAddress, deps: PipelineDeps) {
  const requester = await findOrCreateContact(tx, from.address);
  if (requester.disabledAt) return held(`${from.address}'s account is disabled`);
  const text = mail.text.trim();
  const title = clip(titleOf(mail.subject) || text.split("\n")[0]?.trim() || "(no subject)", TITLE_MAX);
  const { ticket } = await createTicket(
    tx,
    { id: requester.id, email: requester.email, role: requester.role },
    { title, description: clip(text || "(the mail had no text)", TEXT_MAX) },
    deps.jobs,
  );
  const followers = await followCopied(tx, ticket.id, mail, requester.id, deps);
  const files = await keepFiles(
    tx,
    mail,
    { ticketId: ticket.id, commentId: null, uploaderId: requester.id },
    deps,
  );
  return {
    outcome: "ticketed" as const,
    ticketId: ticket.id,
    reason: [`new ticket #${ticket.number} from ${from.address}`, followers, files]
      .filter(Boolean)
      .join("; "),
  };
}

async function appendToTicket(
  tx: Executor,
  mail: InboundMail,
  from: InboundAddress,
  match: { ticketId: string; by: string },
  deps: PipelineDeps,
): Promise<Filed> {
  const ticket = await findTicketRow(tx, match.ticketId);
  if (!ticket) return held(`the ticket it answers is gone (matched by ${match.by})`);
  const sender = await findUserByEmail(tx, from.address);
  const onTicket =
    sender &&
    (sender.id === ticket.createdBy || isStaff(sender) || (await isFollower(tx, ticket.id, sender.id)));
  if (!sender || !onTicket) {
    return held(
      `${from.address} is neither the requester of #${ticket.number}, nor a follower, nor staff; a person decides`,
      ticket.id,
    );
  }
  if (sender.disabledAt) return held(`${from.address}'s account is disabled`, ticket.id);
  const body = clip(replyTextOf(mail.text) || "(the mail had no text)", TEXT_MAX);
  const comment = await addMailReply(tx, ticket.id, sender, body, deps.jobs);
  const followers =
    sender.id === ticket.createdBy ? await followCopied(tx, ticket.id, mail, sender.id, deps) : "";
  const files = await keepFiles(
    tx,
    mail,
    { ticketId: ticket.id, commentId: comment.id, uploaderId: sender.id },
    deps,
  );
  return {
    outcome: "appended",
    ticketId: ticket.id,
    reason: [`reply by ${from.address} on #${ticket.number}, matched by ${match.by}`, followers, files]
      .filter(Boolean)
      .join("; "),
  };
}

/** The people the requester copied (To and Cc, not the help desk itself) follow the ticket. */
async function followCopied(
  tx: Executor,
  ticketId: string,
  mail: InboundMail,
  requesterId: string,
  deps: PipelineDeps,
): Promise<string> {
  const own = ownAddresses(deps);
  const [supportLocal, supportDomain] = addressOf(deps.config.mail.replyTo).split("@");
  const isHelpdesk = (address: string) =>
    own.includes(address) ||
    (address.startsWith(`${supportLocal}+`) && address.endsWith(`@${supportDomain}`));
  const copied = [...new Set([...mail.to, ...mail.cc].map((person) => person.address))].filter(
    (address) => !isHelpdesk(address) && address !== mail.from?.address,
  );
  const people = [];
  for (const address of copied) people.push(await findOrCreateContact(tx, address));
  const followers = people.filter((person) => person.id !== requesterId);
  await addFollowers(
    tx,
    ticketId,
    followers.map((person) => person.id),
  );
  return followers.length > 0 ? `followed by ${followers.map((person) => person.email).join(", ")}` : "";
}

/** The mail's files on the ticket or reply; past the attachment limits the text is filed without them. */
async function keepFiles(
  tx: Executor,
  mail: InboundMail,
  target: { ticketId: string; commentId: string | null; uploaderId: string },
  deps: PipelineDeps,
): Promise<string> {
  if (mail.files.length === 0) return "";
  try {
    const stored = await storeAttachments(tx, { ...target, files: mail.files }, deps.config.attachments);
    return `${stored.length} file${stored.length === 1 ? "" : "s"} attached`;
  } catch (error) {
    if (error instanceof AppError && error.status === 413) return `files left out: ${error.message}`;
    throw error;
  }
}

function held(reason: string, ticketId?: string): Filed {
  return { outcome: "held", reason, ticketId };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
