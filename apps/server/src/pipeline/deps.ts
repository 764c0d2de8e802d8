import type { z } from "zod";
import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { JobDefinition } from "../queue/job.ts";
import type { JobSender } from "../queue/job-queue.ts";

/** The triage capability as the pipeline uses it (triage/service.ts): stores the result, once. */
export type TriageStep = {
  triageTicket(ticketId: string): Promise<{ skipped: boolean }>;
};

/** What every job handler is given. */
export type PipelineDeps = {
  db: Database;
  config: Config;
  jobs: JobSender;
  triage: TriageStep;
  mailer: Mailer | null;
  logger: PipelineLogger;
};

/** The part of pino the pipeline writes to (Fastify's logger or the worker's own). */
export type PipelineLogger = {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
};

export type PipelineJob<Payload extends z.ZodType> = JobDefinition<Payload, PipelineDeps>;
