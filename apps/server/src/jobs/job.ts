import type { z } from "zod";

/**
 * A background job as data: its name, the schema of its payload and how the queue treats it.
 * Services send a definition; only the worker knows the handler (pipeline/), so nothing that
 * enqueues work depends on the code that does it.
 */
export type JobDefinition<Payload extends z.ZodType = z.ZodType> = {
  name: string;
  payload: Payload;
  /** Attempts after the first; retries back off exponentially. Default 5. */
  retryLimit?: number;
  /** Longest wait between two attempts, in seconds. Default 10 minutes. */
  retryDelayMax?: number;
  /** Jobs of this kind one process fetches together and works side by side. Default 4. */
  concurrency?: number;
  /** A cron expression (UTC) on which the job is sent with an empty payload. */
  cron?: string;
};

/** The code that does a job, paired with the definition it answers to. */
export type JobHandler<Payload extends z.ZodType, Deps> = {
  job: JobDefinition<Payload>;
  handle(payload: z.output<Payload>, deps: Deps): Promise<void>;
};

// biome-ignore lint/suspicious/noExplicitAny: a list of handlers mixes payload types; each is checked on its own.
export type AnyJobHandler<Deps> = JobHandler<any, Deps>;

export function defineJob<Payload extends z.ZodType>(
  definition: JobDefinition<Payload>,
): JobDefinition<Payload> {
  return definition;
}
