import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "../../test/harness.ts";
import { waitFor } from "../../test/wait-for.ts";
import type { JobHandler } from "../jobs/job.ts";
import { DEAD_LETTERS, type JobQueue, openJobQueue } from "./job-queue.ts";

type Deps = { attempts: Map<string, number>; failUntil: number };

const payload = z.object({ key: z.string() });
const flaky: JobHandler<typeof payload, Deps> = {
  job: { name: "test.flaky", payload, retryLimit: 0 },
  async handle({ key }, deps) {
    const attempt = (deps.attempts.get(key) ?? 0) + 1;
    deps.attempts.set(key, attempt);
    if (attempt <= deps.failUntil) throw new Error(`attempt ${attempt} failed`);
  },
};

let database: TestDatabase;
let queue: JobQueue;
const deps: Deps = { attempts: new Map(), failUntil: 1 };

beforeAll(async () => {
  database = await createTestDatabase();
  queue = await openJobQueue({
    database: database.database,
    jobs: [flaky.job],
    retryDelaySeconds: 1,
  });
  await queue.work([flaky], deps);
});
afterAll(async () => {
  await queue.stop();
  await database.close();
});

const jobsOf = async (key: string) =>
  (await queue.recentJobs(100)).filter((job) => job.name === flaky.job.name && job.data.key === key);

describe("job queue", () => {
  it("rejects a payload its schema does not accept, before anything is stored", async () => {
    await expect(queue.send(flaky.job, { key: 42 } as unknown as { key: string })).rejects.toThrow();
  });

  it("keeps a job that used up its retries as failed, with its error, and a dead-letter copy", async () => {
    await queue.send(flaky.job, { key: "dead" });
    const [failed] = await waitFor(async () => {
      const found = await jobsOf("dead");
      return found[0]?.state === "failed" ? found : undefined;
    });
    expect(failed).toMatchObject({ attempts: 1, lastError: "attempt 1 failed" });
    await waitFor(async () =>
      (await queue.recentJobs(100)).some((job) => job.name === DEAD_LETTERS && job.data.key === "dead"),
    );
  });

  it("runs a failed job again when asked, and it completes", async () => {
    await queue.send(flaky.job, { key: "retried" });
    const failed = await waitFor(async () => (await jobsOf("retried")).find((job) => job.state === "failed"));
    await queue.retry(failed);
    await waitFor(async () => (await queue.findJob(failed.id))?.state === "completed", {
      what: "the retried job to complete",
    });
    expect(deps.attempts.get("retried")).toBe(2);
  });
});
