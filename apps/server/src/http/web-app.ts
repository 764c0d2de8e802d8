import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { errorReply } from "./error-handler.ts";

/** apps/web/dist, found from src/http (tsx, tests) or from dist (the bundled server). */
export function findWebBuild(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, "apps", "web", "dist");
    if (existsSync(join(candidate, "index.html"))) return candidate;
    const sibling = join(dir, "web", "dist");
    if (existsSync(join(sibling, "index.html"))) return sibling;
    dir = dirname(dir);
  }
  return undefined;
}

/**
 * Serves the built web app at `/`: hashed assets cached for a year, and index.html for any other
 * path that is not an API route, so client-side routes survive a reload. API paths keep JSON 404s.
 */
export async function registerWebApp(app: FastifyInstance, root: string | undefined): Promise<void> {
  if (!root) {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply.type("text/html").send(PLACEHOLDER_PAGE),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    setHeaders(reply, path) {
      const hashed = path.includes(`${join("/", "assets", "/")}`);
      reply.header("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  const sendIndex = (reply: FastifyReply) => reply.header("cache-control", "no-cache").sendFile("index.html");
  app.get("/", { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
  app.get("/*", { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (isServerPath(path)) {
      return reply.status(404).send(errorReply(`No route for ${request.method} ${path}`, "not_found"));
    }
    return sendIndex(reply);
  });
}

const isServerPath = (path: string) =>
  path === "/api" || path.startsWith("/api/") || ["/healthz", "/readyz", "/metrics"].includes(path);

const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Helpdesk</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:.25rem}a{color:#2563eb}</style></head>
<body><h1>Helpdesk is running</h1>
<p>The API is up. The web app has not been built into <code>apps/web/dist</code> yet, so this page stands in for it.</p>
<p>Explore and try the API in the <a href="/api/docs">interactive API documentation</a>
(<a href="/api/openapi.json">OpenAPI 3.1</a>). The first account you create becomes the administrator.</p>
</body></html>`;
