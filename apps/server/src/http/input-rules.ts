import type { FastifyInstance } from "fastify";
import { AppError, notFound } from "../errors.ts";

/**
 * What any request body, query or path may hold, checked before a route's own schema:
 * bodies are JSON only (text/plain is refused with 415, not parsed as a string), and no text may
 * contain NUL (U+0000) or a lone surrogate (`"\ud83d"` without its pair, as a client that cuts an
 * emoji in half sends), which PostgreSQL cannot store (in jsonb, such as a ticket's history) and
 * would otherwise fail as a 500.
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
    // An id with such text in it names nothing: answered like any other unknown id.
    if (holdsUnstorableText(request.params)) throw notFound("Resource");
    if (holdsUnstorableText(request.query)) throw unstorableTextIn("query string");
    assertStorableBody(request.body);
  });
}

/** The body rule, for bodies read after this hook ran (the fields of a multipart form). */
export function assertStorableBody(body: unknown): void {
  if (holdsUnstorableText(body)) throw unstorableTextIn("request body");
}

const unstorableTextIn = (part: string) =>
  new AppError(
    400,
    "invalid_text",
    `The ${part} contains a NUL character (\\u0000) or a broken emoji (a lone surrogate), which cannot be stored`,
  );

/** Half of a surrogate pair, without the other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const isUnstorable = (text: string) => text.includes("\u0000") || LONE_SURROGATE.test(text);

function holdsUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return isUnstorable(value);
  if (depth > 32 || value === null || typeof value !== "object") return false;
  for (const [key, item] of Object.entries(value)) {
    if (isUnstorable(key) || holdsUnstorableText(item, depth + 1)) return true;
  }
  return false;
}
