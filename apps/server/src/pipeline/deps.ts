import type { z } from "zod";
import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import type { JobHandler } from "../jobs/job.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { JobSender } from "../queue/job-queue.ts";
import type { TriageService } from "../triage/service.ts";

/** What every job handler is given. */
export type PipelineDeps = {
  db: Database;
  config: Config;
  jobs: JobSender;
  triage: Pick<TriageService, "triage">;
  mailer: Mailer | null;
  logger: PipelineLogger;
};

/** The part of pino the pipeline writes to (Fastify's logger or the worker's own). */
export type PipelineLogger = {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
};

export type PipelineHandler<Payload extends z.ZodType> = JobHandler<Payload, PipelineDeps>;
