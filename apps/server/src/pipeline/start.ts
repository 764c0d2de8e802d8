import type { Config } from "../config.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { ALL_JOBS } from "../jobs/definitions.ts";
import { startInboundSources } from "../mail/inbound/sources.ts";
import { createMailer } from "../mail/mailer.ts";
import { type JobQueue, openJobQueue } from "../queue/job-queue.ts";
import type { PipelineDeps, PipelineLogger } from "./deps.ts";
import { pipelineHandlers } from "./handlers.ts";

export type PipelineOptions = {
  config: Config;
  database: DatabaseHandle;
  triage: PipelineDeps["triage"];
  logger: PipelineLogger;
  /** Work the jobs in this process; without it the process only sends them. */
  worker: boolean;
};

/** Opens the job queue on the application database and, for a worker, starts working every job. */
export async function startPipeline(options: PipelineOptions): Promise<JobQueue> {
  const { config, database, logger } = options;
  const jobs = await openJobQueue({
    database,
    jobs: ALL_JOBS,
    retryDelaySeconds: config.jobs.retryDelaySeconds,
    onError: (error) => logger.error({ err: error }, "job queue error"),
    onJobFailed: (name, error) => logger.error({ err: error, job: name }, "job failed; it will be retried"),
  });
  if (!options.worker) return jobs;

  const mailer = createMailer(config.mail);
  const deps: PipelineDeps = { db: database.db, config, jobs, triage: options.triage, mailer, logger };
  await jobs.work(pipelineHandlers, deps);
  // Mail in is taken by workers: what they record is filed by the jobs they work.
  const inbound = await startInboundSources(config, database.db, jobs, logger);
  return {
    ...jobs,
    async stop() {
      await inbound.stop();
      await jobs.stop();
      mailer?.close();
    },
  };
}
