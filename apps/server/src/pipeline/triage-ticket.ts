import type { Executor } from "../db/client.ts";
import { applyTriage } from "../tickets/operations.ts";
import { findSimilarResolvedTickets, findTicketRow } from "../tickets/queries.ts";
import type { TriageSources } from "../triage/service.ts";
import { contentWords } from "../triage/text-features.ts";
import { listStaff } from "../users/service.ts";
import { listActiveCategoryNames, listActiveSkills } from "../vocabulary/catalogue.ts";
import { fieldsForReview } from "../vocabulary/review.ts";
import { readTriageSettings } from "../vocabulary/service.ts";
import type { PipelineDeps } from "./deps.ts";
import { scheduleDueDate } from "./due-date.ts";

/**
 * Triages a ticket and stores the answer, leaving the fields it is unsure of (below the admin's
 * threshold) for a person; its due date follows the priority. Idempotent: a ticket that has a
 * triage is skipped unless `force`, and two concurrent runs store one answer.
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
  const { reviewThresholds } = await readTriageSettings(deps.db);
  const leaveForReview = fieldsForReview(result.confidence, reviewThresholds);
  const stored = await deps.db.transaction(async (tx) => {
    const after = await applyTriage(tx, ticket.id, result, { force, actorId, leaveForReview });
    if (after) await scheduleDueDate(tx, deps.config, after);
    return after !== undefined;
  });
  return { skipped: !stored };
}

/** What triage reads of the installation, through the domains that own it. */
export function triageSources(db: Executor, ticketId: string): TriageSources {
  return {
    // The label space is what the admin manages, never what happens to be stored on tickets. Staff
    // skills are in the catalogue by construction; any that are not (an account written around the
    // API) still count, so routing never loses a skill someone has.
    vocabulary: async () => {
      const [categories, catalogue, staff] = await Promise.all([
        listActiveCategoryNames(db),
        listActiveSkills(db),
        listStaff(db),
      ]);
      const carried = staff.flatMap((member) => member.skills).map((name) => ({ name, aliases: [] }));
      return { categories, skills: [...catalogue, ...carried] };
    },
    findSimilar: (text, limit) => findSimilarResolvedTickets(db, ticketId, contentWords(text), limit),
  };
}
