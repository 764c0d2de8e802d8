import type { TriageResult } from "@helpdesk/contracts";
import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import { inCatalogueSpelling } from "../vocabulary/names.ts";
import { createBuiltinEngine } from "./builtin-engine.ts";
import type { SimilarTicket, TriageEngine, TriageInput } from "./engine.ts";
import { createTriageHistory, type TriageLogger } from "./history.ts";
import { TriageLearner } from "./learner.ts";
import { createConfiguredEngine } from "./llm-engine.ts";
import { impliedSkills } from "./ontology/implied-skills.ts";
import { createVocabularyCache, type VocabularySource } from "./vocabulary.ts";

/** What triaging a ticket reads of the installation, through the domains that own it. */
export type TriageSources = {
  vocabulary: VocabularySource;
  findSimilar(text: string, limit: number): Promise<SimilarTicket[]>;
};

export type TriageService = {
  /** Resolves once the learner has read the installation's history. */
  ready(): Promise<void>;
  /** The configured engine's answer for a ticket, with what this installation's history taught it. */
  triage(input: TriageInput, sources: TriageSources): Promise<TriageResult>;
  recordCorrection: ReturnType<typeof createTriageHistory>["recordCorrection"];
  importExamples: ReturnType<typeof createTriageHistory>["importExamples"];
  /** The engine in use, for tests and tools that triage text without a ticket. */
  readonly engine: TriageEngine;
};

/** As many skills as a triage result holds (ZTriageResult). */
const MAX_SKILLS = 12;

/** By default, how often a process looks for history and vocabulary other processes changed. */
const CATCH_UP_INTERVAL_MS = 2000;

export function createTriageService({
  config,
  db,
  logger,
  catchUpIntervalMs = CATCH_UP_INTERVAL_MS,
}: {
  config: Config;
  db: Database;
  logger?: TriageLogger;
  catchUpIntervalMs?: number;
}): TriageService {
  const learner = new TriageLearner();
  const builtin = createBuiltinEngine(learner);
  const engine = createConfiguredEngine(config.ai, builtin, (reason) =>
    logger?.warn({ reason }, "LLM triage failed, used the built-in engine"),
  );
  const history = createTriageHistory({ db, learner, logger, catchUpIntervalMs });
  const vocabulary = createVocabularyCache(catchUpIntervalMs);

  return {
    ready: history.ensureLoaded,
    async triage(input, sources) {
      await history.ensureLoaded();
      await history.catchUpWithHistory();
      const words = await vocabulary(sources.vocabulary);
      const result = await engine.triage(input, { ...words, findSimilar: sources.findSimilar });
      // Whatever the engine, the skills the ontology reads in the ticket, in the installation's names.
      const implied = impliedSkills(input, words.skills, result.relatedSkills);
      // Spelled as the catalogue spells them: "postgres" is its "PostgreSQL" when that is an alias.
      const skills = inCatalogueSpelling([...result.relatedSkills, ...implied], words.spellings);
      return { ...result, relatedSkills: skills.slice(0, MAX_SKILLS) };
    },
    recordCorrection: history.recordCorrection,
    importExamples: history.importExamples,
    engine,
  };
}
