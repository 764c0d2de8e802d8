import type { z } from "zod";

/**
 * A background job as data: its name, the schema of its payload and the function that does it.
 * The queue registers whatever definitions it is given and knows nothing of what they do.
 */
export type JobDefinition<Payload extends z.ZodType, Deps> = {
  name: string;
  payload: Payload;
  handle(payload: z.output<Payload>, deps: Deps): Promise<void>;
  /** Attempts after the first; retries back off exponentially. Default 5. */
  retryLimit?: number;
  /** Longest wait between two attempts, in seconds. Default 10 minutes. */
  retryDelayMax?: number;
  /** Jobs of this kind one process fetches together and works side by side. Default 4. */
  concurrency?: number;
  /** A cron expression (UTC) on which the job is sent with an empty payload. */
  cron?: string;
};

// biome-ignore lint/suspicious/noExplicitAny: a list of jobs mixes payload types; each is checked on its own.
export type AnyJobDefinition<Deps> = JobDefinition<any, Deps>;
