import type { FastifyInstance } from "fastify";
import { AppError, notFound } from "../errors.ts";

/**
 * What any request body, query or path may hold, checked before a route's own schema:
 * bodies are JSON only (text/plain is refused with 415, not parsed as a string), and no text may
 * contain NUL (U+0000), which PostgreSQL cannot store and would otherwise fail as a 500.
 */
export function registerInputRules(app: FastifyInstance): void {
  app.removeContentTypeParser("text/plain");
  // An empty body sent as JSON is no body, as the original Express server took it: a client that
  // always sends `Content-Type: application/json` can still log out. Routes that need a body say so.
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    parseJson(request, body.toString(), done);
  });
  app.addHook("preValidation", async (request) => {
    // An id with a NUL in it names nothing: answered like any other unknown id.
    if (holdsNul(request.params)) throw notFound("Resource");
    if (holdsNul(request.query)) throw nulInside("query string");
    if (holdsNul(request.body)) throw nulInside("request body");
  });
}

const nulInside = (part: string) =>
  new AppError(400, "invalid_text", `The ${part} contains a NUL character (\\u0000), which cannot be stored`);

function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 32 || value === null || typeof value !== "object") return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000") || holdsNul(item, depth + 1)) return true;
  }
  return false;
}
