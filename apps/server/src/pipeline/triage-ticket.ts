import { BUILT_IN_CATEGORIES } from "@helpdesk/contracts/constants";
import type { Executor } from "../db/client.ts";
import { applyTriage } from "../tickets/operations.ts";
import { findSimilarResolvedTickets, findTicketRow, listCategoriesInUse } from "../tickets/queries.ts";
import type { TriageSources } from "../triage/service.ts";
import { contentWords } from "../triage/text-features.ts";
import { listStaff } from "../users/service.ts";
import type { PipelineDeps } from "./deps.ts";
import { scheduleDueDate } from "./due-date.ts";

const CATEGORY_LIMIT = 100;

/**
 * Triages a ticket and stores the answer; its due date follows the priority. Idempotent: a ticket
 * that has a triage is skipped unless `force`, and two concurrent runs store one answer.
 */
export async function triageTicket(
  deps: Pick<PipelineDeps, "db" | "triage" | "config">,
  ticketId: string,
  { force = false, actorId = null }: { force?: boolean; actorId?: string | null } = {},
): Promise<{ skipped: boolean }> {
  const ticket = await findTicketRow(deps.db, ticketId);
  if (!ticket || (ticket.triage && !force)) return { skipped: true };
  const result = await deps.triage.triage(
    { title: ticket.title, description: ticket.description },
    triageSources(deps.db, ticket.id),
  );
  const stored = await deps.db.transaction(async (tx) => {
    const after = await applyTriage(tx, ticket.id, result, { force, actorId });
    if (after) await scheduleDueDate(tx, deps.config, after);
    return after !== undefined;
  });
  return { skipped: !stored };
}

/** What triage reads of the installation, through the domains that own it. */
export function triageSources(db: Executor, ticketId: string): TriageSources {
  return {
    vocabulary: async () => {
      const [staff, inUse] = await Promise.all([listStaff(db), listCategoriesInUse(db, CATEGORY_LIMIT)]);
      // The built-in categories stay candidates beside the installation's own: chosen from the
      // stored ones alone, a new installation's first category became every later ticket's.
      const categories = [...new Set([...inUse, ...BUILT_IN_CATEGORIES])];
      return { staffSkills: staff.flatMap((member) => member.skills), categories };
    },
    findSimilar: (text, limit) => findSimilarResolvedTickets(db, ticketId, contentWords(text), limit),
  };
}
