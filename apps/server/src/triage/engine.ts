import type { TriageResult } from "@helpdesk/contracts";

/** What an engine reads of a ticket. */
export type TriageInput = { title: string; description: string };

/** A resolved ticket of this installation that resembles the one being triaged. */
export type SimilarTicket = {
  id: string;
  number: number;
  title: string;
  resolution: string | null;
  score: number;
};

/** The installation's own vocabulary, so answers use its skill names and categories. */
export type TriageContext = {
  skills: readonly string[];
  categories: readonly string[];
  findSimilar(text: string, limit: number): Promise<SimilarTicket[]>;
};

export interface TriageEngine {
  readonly name: string;
  triage(input: TriageInput, context: TriageContext): Promise<TriageResult>;
}
