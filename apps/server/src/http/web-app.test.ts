import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerErrorHandling } from "./error-handler.ts";
import { registerWebApp } from "./web-app.ts";

let build: string;
let app: FastifyInstance;

beforeAll(async () => {
  build = mkdtempSync(join(tmpdir(), "helpdesk-web-"));
  mkdirSync(join(build, "assets"));
  writeFileSync(join(build, "index.html"), "<!doctype html><title>app</title>");
  writeFileSync(join(build, "assets", "index-abc123.js"), "console.log('app')");
  app = Fastify();
  registerErrorHandling(app);
  await registerWebApp(app, build);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(build, { recursive: true, force: true });
});

describe("serving the web app", () => {
  it("answers client-side routes with index.html so a reload keeps the page", async () => {
    for (const url of ["/", "/tickets/42", "/admin?tab=users"]) {
      const reply = await app.inject({ url });
      expect(reply.statusCode).toBe(200);
      expect(reply.body).toContain("<title>app</title>");
      expect(reply.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("caches hashed assets for a year", async () => {
    const reply = await app.inject({ url: "/assets/index-abc123.js" });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["cache-control"]).toContain("immutable");
  });

  it("keeps JSON 404s for unknown API paths", async () => {
    const reply = await app.inject({ url: "/api/nope" });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toMatchObject({ error: "not_found" });
  });

  it("shows a page pointing to the API docs when no build exists", async () => {
    const bare = Fastify();
    await registerWebApp(bare, undefined);
    const reply = await bare.inject({ url: "/" });
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toContain("/api/docs");
    await bare.close();
  });
});
