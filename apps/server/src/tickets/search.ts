import { and, eq, or, type SQL, sql } from "drizzle-orm";
import { isStaff, type Viewer } from "../auth/viewer.ts";
import { containsPattern } from "../db/like.ts";
import { ticketComments, tickets, users } from "../db/schema.ts";

/** "#3" and "3" name ticket 3; "#3" names only it. */
export function ticketNumberIn(text: string): { number: number; only: boolean } | undefined {
  const match = /^(#?)(\d{1,9})$/.exec(text.trim());
  return match ? { number: Number(match[2]), only: match[1] === "#" } : undefined;
}

/**
 * The words of a query that may have been mistyped, when it is plain words: a query with search
 * syntax (quotes, `-word`, `or`) means exactly what it says and is never loosened.
 */
export function looseWordsOf(text: string): string[] {
  if (/"|(^|\s)-|\bor\b/i.test(text)) return [];
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3);
}

/** How alike a mistyped word and a ticket's word must be (pg_trgm word similarity; "invoce" ~ "invoice" is 0.57). */
export const TYPO_SIMILARITY = 0.5;

/**
 * What the search box finds exactly: a ticket by its number, by its words (stemmed: "printing"
 * finds "printer", with websearch syntax), by its requester's email, and by what was said on it —
 * internal notes only for staff, so a requester cannot find a ticket through the team's notes.
 * Each part is an index lookup (`= any(array(…))` keeps the subqueries indexable), so PostgreSQL
 * ORs bitmaps instead of scanning.
 */
export function searchCondition(viewer: Viewer, q: string): SQL {
  const text = q.trim();
  const number = ticketNumberIn(text);
  if (number?.only) return eq(tickets.number, number.number);
  const words = sql`websearch_to_tsquery('english', ${text})`;
  const visibleComments = isStaff(viewer) ? sql`true` : sql`${ticketComments.internal} = false`;
  return or(
    number && eq(tickets.number, number.number),
    sql`${tickets.search} @@ ${words}`,
    sql`${tickets.createdBy} = any(array(select ${users.id} from ${users} where lower(${users.email}) like ${containsPattern(text.toLowerCase())}))`,
    sql`${tickets.id} = any(array(select ${ticketComments.ticketId} from ${ticketComments} where ${ticketComments.search} @@ ${words} and ${visibleComments}))`,
  ) as SQL;
}

/**
 * The typo-forgiving search, for when the exact one finds nothing: every word is like a word of
 * the title or description (pg_trgm's `<%`, served by the trigram index; the caller sets the
 * threshold to TYPO_SIMILARITY for its transaction). Undefined when the query is not plain words.
 */
export function typoCondition(q: string): SQL | undefined {
  const words = looseWordsOf(q);
  if (!words.length) return undefined;
  return and(...words.map((word) => sql`${word} <% (${tickets.title} || ' ' || ${tickets.description})`));
}
