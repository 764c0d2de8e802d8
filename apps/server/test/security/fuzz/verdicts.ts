import type { LightMyRequestResponse } from "fastify";
import { type FuzzRequest, isStaffPrincipal } from "./requests.ts";

/**
 * What a non-staff principal must never read. `markers` are planted texts no request contains;
 * `identifiers` (the victim's email and id) may be echoed back when the request itself sent them.
 */
export type Secrets = { markers: string[]; identifiers: string[] };

export type ProblemKind = "server-error" | "error-shape" | "stack-trace" | "password-hash" | "leak";
export type Problem = { kind: ProblemKind; detail: string };

const PASSWORD_HASH = /\$argon2(?:id|i|d)\$v=\d+\$m=/;
const STACK_TRACE = /\n\s+at |\.ts:\d+:\d+|node_modules/;

/** Everything wrong with one reply; empty when it is a proper answer. */
export function problemsWith(
  request: FuzzRequest,
  reply: LightMyRequestResponse,
  secrets: Secrets,
): Problem[] {
  const problems: Problem[] = [];
  const text = reply.body;
  if (reply.statusCode >= 500)
    problems.push({ kind: "server-error", detail: `answered ${reply.statusCode}` });
  if (reply.statusCode >= 400 && request.method !== "HEAD") {
    const shape = errorShapeProblem(reply);
    if (shape) problems.push({ kind: "error-shape", detail: shape });
  }
  if (PASSWORD_HASH.test(text))
    problems.push({ kind: "password-hash", detail: "a password hash left the server" });
  if (STACK_TRACE.test(text)) problems.push({ kind: "stack-trace", detail: "a stack trace or source path" });
  if (!isStaffPrincipal(request.principal)) problems.push(...leaks(request, reply, secrets));
  return problems;
}

function leaks(request: FuzzRequest, reply: LightMyRequestResponse, secrets: Secrets): Problem[] {
  const seen = `${reply.body}\n${JSON.stringify(reply.headers)}`;
  const found: Problem[] = secrets.markers
    .filter((marker) => seen.includes(marker))
    .map((marker) => ({ kind: "leak", detail: `private text ${marker}` }));
  const sent = `${request.url}\n${request.payload ?? ""}\n${JSON.stringify(request.headers)}`.toLowerCase();
  for (const identifier of secrets.identifiers.map((text) => text.toLowerCase())) {
    if (!sent.includes(identifier) && seen.toLowerCase().includes(identifier)) {
      found.push({ kind: "leak", detail: `${identifier}, which the request did not name` });
    }
  }
  return found;
}

function errorShapeProblem(reply: LightMyRequestResponse): string | undefined {
  const type = String(reply.headers["content-type"] ?? "");
  if (!type.startsWith("application/json")) return `error reply is ${type || "without a content type"}`;
  let body: unknown;
  try {
    body = JSON.parse(reply.body);
  } catch {
    return "error reply is not valid JSON";
  }
  const { message, error } = (body ?? {}) as { message?: unknown; error?: unknown };
  if (typeof message !== "string" || message.trim() === "") return "error reply has no message";
  if (typeof error !== "string" || error === "") return "error reply has no error code";
  return undefined;
}

/** One line that reproduces the request, for the failure report. */
export function describeRequest(request: FuzzRequest, reply?: LightMyRequestResponse): string {
  const payload = request.payload === undefined ? "" : ` body=${String(request.payload).slice(0, 160)}`;
  const answer = reply ? ` → ${reply.statusCode} ${reply.body.slice(0, 200)}` : "";
  return `#${request.index} [${request.principal}] ${request.method} ${request.url.slice(0, 160)}${payload}${answer}`;
}
