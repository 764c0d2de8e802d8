import Fastify from "fastify";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { AppContext } from "../context.ts";
import type { DatabaseHandle } from "../db/client.ts";
import { registerErrorHandling } from "../http/error-handler.ts";
import { opsRoutes } from "./routes.ts";

/** Readiness as a load balancer sees it, with the database answering or not, and its disk's state. */
async function opsWith(reachable: boolean, storageProblem?: string) {
  const app = Fastify();
  registerErrorHandling(app);
  const storage = storageProblem === undefined ? undefined : { check: async () => storageProblem };
  const database = {
    kind: "postgres",
    isReachable: async () => reachable,
    storage,
  } as unknown as DatabaseHandle;
  await app.register(opsRoutes({ database } as AppContext, new Registry()));
  return app;
}

describe("readiness", () => {
  it("is 200 naming the database while it answers", async () => {
    const app = await opsWith(true);
    const reply = await app.inject({ url: "/readyz" });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ status: "ready", database: "postgres" });
    await app.close();
  });

  it("is 503 {message, error} when the database does not answer, while liveness stays 200", async () => {
    const app = await opsWith(false);
    const reply = await app.inject({ url: "/readyz" });
    expect(reply.statusCode).toBe(503);
    expect(reply.json()).toEqual({ message: expect.any(String), error: "not_ready" });
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);
    await app.close();
  });

  it("is 503 saying why while the embedded database answers reads but refuses writes", async () => {
    const app = await opsWith(true, "Writes are refused: read-only file system");
    const reply = await app.inject({ url: "/readyz" });
    expect(reply.statusCode).toBe(503);
    expect(reply.json()).toEqual({
      message: "Writes are refused: read-only file system",
      error: "not_ready",
    });
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);
    await app.close();
  });
});
