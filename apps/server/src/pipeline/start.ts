import type { Config } from "../config.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { createMailer } from "../mail/mailer.ts";
import type { AnyJobDefinition } from "../queue/job.ts";
import { type JobQueue, openJobQueue } from "../queue/job-queue.ts";
import type { PipelineDeps, PipelineLogger, TriageStep } from "./deps.ts";
import { pipelineJobs } from "./jobs.ts";

export type PipelineOptions = {
  config: Config;
  database: DatabaseHandle;
  triage: TriageStep;
  logger: PipelineLogger;
  /** Work the jobs in this process; without it the process only sends them. */
  worker: boolean;
};

/** Opens the job queue on the application database and, for a worker, starts working every job. */
export async function startPipeline(options: PipelineOptions): Promise<JobQueue> {
  const { config, database, logger } = options;
  const jobs = await openJobQueue({
    database,
    jobs: pipelineJobs as AnyJobDefinition<never>[],
    retryDelaySeconds: config.jobs.retryDelaySeconds,
    onError: (error) => logger.error({ err: error }, "job queue error"),
    onJobFailed: (name, error) => logger.error({ err: error, job: name }, "job failed; it will be retried"),
  });
  if (!options.worker) return jobs;

  const mailer = createMailer(config.mail);
  const deps: PipelineDeps = { db: database.db, config, jobs, triage: options.triage, mailer, logger };
  await jobs.work(pipelineJobs as AnyJobDefinition<PipelineDeps>[], deps);
  return {
    ...jobs,
    async stop() {
      await jobs.stop();
      mailer?.close();
    },
  };
}
