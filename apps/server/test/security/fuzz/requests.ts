import {
  deeplyNested,
  HOSTILE_CONTENT_TYPES,
  HOSTILE_STRINGS,
  hostileString,
  privilegeFields,
  rawHostileBody,
  withPollutingKeys,
  wrongTypedValue,
} from "./hostile-values.ts";
import { type JsonSchema, type Operation, pathParameterNames } from "./operations.ts";
import type { Random } from "./random.ts";

/**
 * Who sends a request. `attacker` is a signed-in user; `garbage` sends an Authorization header that
 * names nobody; staff are signed-in moderators and admins, so requests reach the services behind
 * the permission checks. Tokens are filled in when the request is sent (a logout changes them).
 */
export type Principal = "anonymous" | "garbage" | "attacker" | "moderator" | "admin";

export const isStaffPrincipal = (principal: Principal) => principal === "moderator" || principal === "admin";

/**
 * What a principal aims at: the ids and emails it puts into paths and bodies. `assigneeIds` fill
 * fields that name a person to work a ticket, so staff requests can reach assignment and routing.
 */
export type Targets = { ticketIds: string[]; userIds: string[]; emails: string[]; assigneeIds: string[] };

export type FuzzContext = {
  operations: Operation[];
  /** Aimed at by the attacker, anonymous and garbage principals: the victim's things among them. */
  hostileTargets: Targets;
  /** Aimed at by staff: a bystander's things, so the victim's stay untouched by legitimate work. */
  staffTargets: Targets;
  bodyLimit: number;
};

export type FuzzRequest = {
  index: number;
  /** `POST /api/tickets/{id}/comments`, or `stray` for paths and methods no operation has. */
  operation: string;
  principal: Principal;
  /** For `garbage`: the Authorization header sent. */
  authorization?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Accepted, it may create or change data (anything but GET and HEAD). */
  mayWrite: boolean;
};

const PRINCIPAL_WEIGHTS: readonly (readonly [number, Principal])[] = [
  [34, "attacker"],
  [18, "anonymous"],
  [14, "garbage"],
  [14, "moderator"],
  [20, "admin"],
];

/** One request, derived from the operation it picks and from nothing the server answered. */
export function generateRequest(random: Random, context: FuzzContext, index: number): FuzzRequest {
  if (random.chance(0.03)) return strayRequest(random, context, index);
  const operation = random.pick(context.operations);
  const principal: Principal = operation.isStream
    ? random.pick(["anonymous", "garbage"] as const)
    : random.weighted(PRINCIPAL_WEIGHTS);
  const targets = isStaffPrincipal(principal) ? context.staffTargets : context.hostileTargets;

  const headers: Record<string, string> = {};
  const authorization = principal === "garbage" ? garbageAuthorization(random, targets) : undefined;
  if (authorization !== undefined) headers.authorization = authorization;
  addStrayHeaders(random, headers);

  let payload: string | Buffer | undefined;
  if (operation.body) {
    const plausible = HASHES_PASSWORDS.test(`${operation.method} ${operation.path}`) ? 0.25 : 1;
    payload = bodyFor(random, operation.body, targets, context.bodyLimit, plausible);
  } else if (random.chance(0.15)) {
    payload = random.chance(0.5)
      ? JSON.stringify(wrongTypedValue(random))
      : rawHostileBody(random, context.bodyLimit);
  }
  if (payload !== undefined) {
    headers["content-type"] = random.chance(0.88)
      ? random.pick(["application/json", "application/json; charset=utf-8"])
      : random.pick(HOSTILE_CONTENT_TYPES);
  }

  return {
    index,
    operation: `${operation.method} ${operation.path}`,
    principal,
    authorization,
    method: operation.method,
    url: urlFor(random, operation, targets),
    headers,
    payload,
    mayWrite: operation.method !== "GET" && operation.method !== "HEAD",
  };
}

function urlFor(random: Random, operation: Operation, targets: Targets): string {
  let path = operation.path;
  for (const name of pathParameterNames(operation.path)) {
    path = path.replace(`{${name}}`, pathSegment(random, operation.path, targets));
  }
  const query = queryFor(random, operation, targets);
  return query ? `${path}?${query}` : path;
}

/** An id for a path: someone's real one, a random one, or something that is no id at all. */
function pathSegment(random: Random, path: string, targets: Targets): string {
  const ids = path.startsWith("/api/users") ? targets.userIds : targets.ticketIds;
  return random.weighted<() => string>([
    [40, () => random.pick(ids)],
    [8, () => random.pick(random.chance(0.5) ? targets.userIds : targets.ticketIds)],
    [10, () => randomUuid(random)],
    [25, () => encodeSegment(hostileString(random).slice(0, random.chance(0.9) ? 120 : 10_000))],
    [
      17,
      () =>
        random.pick([
          "..",
          "%2e%2e",
          "..%2F..%2Fauth%2Fusers",
          "%2F",
          "%00",
          "%E0%A4%A",
          "%ZZ",
          "%",
          "%u0000",
          "%C0%AE%C0%AE",
          "a;b",
          "me",
          "0",
          "-1",
          "1e3",
          "__proto__",
          "constructor",
          `${random.pick(ids)}%00`,
          `${random.pick(ids)}.json`,
          random.pick(ids).toUpperCase(),
          ` ${random.pick(ids)}`.replace(" ", "%20"),
        ]),
    ],
  ])();
}

function queryFor(random: Random, operation: Operation, targets: Targets): string {
  const pairs: [string, string][] = [];
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === "query")) {
    if (!random.chance(0.55)) continue;
    for (const value of queryValues(random, parameter.schema, parameter.name, targets)) {
      pairs.push([parameter.name, value]);
    }
  }
  if (random.chance(0.12)) {
    pairs.push(
      random.pick<[string, string]>([
        ["__proto__[isAdmin]", "true"],
        ["__proto__", "x"],
        ["constructor[prototype][role]", "admin"],
        ["role", "admin"],
        ["mine", "false"],
        ["createdBy", random.pick(targets.userIds)],
        ["userId", random.pick(targets.userIds)],
        ["token", hostileString(random)],
        ["access_token", "x"],
        [hostileString(random).slice(0, 200), hostileString(random).slice(0, 200)],
      ]),
    );
  }
  return pairs.map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`).join("&");
}

function queryValues(random: Random, schema: JsonSchema, name: string, targets: Targets): string[] {
  const one = (): string =>
    random.weighted<() => string>([
      [30, () => String(exampleOf(random, schema, name, targets))],
      [40, () => hostileString(random)],
      [10, () => String(random.pick([0, -1, 1.5, 1e21, 2 ** 53 + 1, Number.NaN]))],
      [10, () => (name === "assignee" ? random.pick(targets.userIds) : "")],
      [10, () => JSON.stringify(wrongTypedValue(random)) ?? ""],
    ])();
  const count = random.weighted([
    [85, 1],
    [10, 2],
    [5, 30],
  ]);
  return Array.from({ length: count }, one);
}

/**
 * Operations that hash or check a password when the body is valid: each such request costs an
 * argon2 run (~15 ms of CPU), so they get fewer plausible bodies and more broken ones.
 */
const HASHES_PASSWORDS = /^POST \/api\/auth\/(signup|register|login)$/;

/**
 * A JSON body: a plausible one, one with a few fields gone wrong, or something else entirely.
 * `plausible` scales how often the body may pass validation.
 */
function bodyFor(
  random: Random,
  schema: JsonSchema,
  targets: Targets,
  bodyLimit: number,
  plausible: number,
): string | Buffer | undefined {
  const example = () => exampleOf(random, schema, "", targets) as Record<string, unknown>;
  return random.weighted<() => string | Buffer | undefined>([
    [28 * plausible, () => JSON.stringify(example())],
    [34 * plausible, () => JSON.stringify(mutate(random, example(), schema))],
    [9 * plausible, () => JSON.stringify({ ...example(), ...privilegeFields(random, targets.userIds) })],
    [7, () => JSON.stringify(withPollutingKeys(random, example()))],
    [
      8,
      () =>
        JSON.stringify(
          random.pick<() => unknown>([
            () => null,
            () => [example()],
            () => [],
            () => hostileString(random),
            () => random.int(-10, 10),
            () => deeplyNested(random, random.int(100, 3000)),
            () => ({ data: example() }),
          ])(),
        ),
    ],
    [11, () => rawHostileBody(random, bodyLimit)],
    [3, () => undefined],
  ])();
}

/** One to three fields changed: a wrong type, a hostile text, removed, or nested deep. */
function mutate(random: Random, body: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
  const mutated = { ...body };
  const names = [...new Set([...Object.keys(schema.properties ?? {}), ...Object.keys(body)])];
  if (names.length === 0) return { [hostileString(random).slice(0, 50)]: wrongTypedValue(random) };
  for (let count = random.int(1, 3); count > 0; count--) {
    const name = random.pick(names);
    random.pick<() => void>([
      () => {
        mutated[name] = wrongTypedValue(random);
      },
      () => {
        mutated[name] = hostileString(random);
      },
      () => {
        delete mutated[name];
      },
      () => {
        mutated[name] = deeplyNested(random, random.int(10, 2000));
      },
      () => {
        mutated[name] = Array.from({ length: random.int(50, 2000) }, () => random.pick(HOSTILE_STRINGS));
      },
    ])();
  }
  return mutated;
}

/** A value the schema would mostly accept, with hostile text where it takes text. */
export function exampleOf(random: Random, schema: JsonSchema, name: string, targets: Targets): unknown {
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices && choices.length > 0) return exampleOf(random, random.pick(choices), name, targets);
  if (schema.enum && schema.enum.length > 0) return random.pick(schema.enum);
  if (schema.const !== undefined) return schema.const;
  const type = Array.isArray(schema.type) ? random.pick(schema.type) : schema.type;
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return random.chance(0.5);
    case "integer":
    case "number": {
      const min = Math.max(schema.minimum ?? -5, -1000);
      const max = Math.min(schema.maximum ?? 1000, 1000);
      const value = random.int(Math.ceil(min), Math.floor(Math.max(min, max)));
      return type === "number" && random.chance(0.3) ? value + 0.5 : value;
    }
    case "array": {
      const length = random.int(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4));
      return Array.from({ length }, () => exampleOf(random, schema.items ?? {}, name, targets));
    }
    case "object": {
      const body: Record<string, unknown> = {};
      for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(property) || random.chance(0.5)) {
          body[property] = exampleOf(random, propertySchema, property, targets);
        }
      }
      return body;
    }
    default:
      return textFor(random, schema, name, targets);
  }
}

function textFor(random: Random, schema: JsonSchema, name: string, targets: Targets): string {
  if (name === "email" || schema.format === "email") {
    return random.weighted<() => string>([
      [50, () => random.pick(targets.emails)],
      [30, () => `fuzz-${random.int(0, 1e9)}@example.com`],
      [20, () => `${hostileString(random).slice(0, 40)}@example.com`],
    ])();
  }
  if (name === "password") return random.chance(0.5) ? "a-good-password" : hostileString(random);
  if (name === "assignedTo" || name.endsWith("Id")) {
    return random.chance(0.7) ? random.pick(targets.assigneeIds) : randomUuid(random);
  }
  if (random.chance(0.4)) return random.pick(["Printer on fire", "VPN drops every hour", "React", "Billing"]);
  const text = hostileString(random);
  return schema.maxLength && random.chance(0.6) ? text.slice(0, schema.maxLength) : text;
}

/** A paths or methods no operation has: traversal, odd casing, methods the API does not take. */
function strayRequest(random: Random, context: FuzzContext, index: number): FuzzRequest {
  const ticket = random.pick(context.hostileTargets.ticketIds);
  const url = random.pick([
    "/api/tickets/../auth/users",
    "/api/%2e%2e/auth/users",
    `/api/tickets/${ticket}/../../auth/users`,
    `/api/tickets/${ticket}%2F..%2F..%2Fauth%2Fusers`,
    "/api/tickets/..%2f..%2f..%2fetc%2fpasswd",
    "//api//tickets",
    "/API/TICKETS",
    "/api/tickets;jsessionid=x",
    "/api/tickets/..;/auth/users",
    "/api/auth/users%00",
    "/api/admin",
    "/api/admin/",
    "/api/admin/mail/../jobs",
    "/api/../../../../etc/passwd",
    "/api/tickets?status[$ne]=CLOSED",
    `/api/${"a/".repeat(500)}`,
    `/api/tickets/${"%2e%2e%2f".repeat(100)}`,
    "/.env",
    "/.git/config",
    "/metrics/../api/auth/users",
  ]);
  const method = random.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]);
  const principal = random.pick<Principal>(["attacker", "anonymous", "garbage"]);
  const headers: Record<string, string> = {};
  const authorization =
    principal === "garbage" ? garbageAuthorization(random, context.hostileTargets) : undefined;
  if (authorization !== undefined) headers.authorization = authorization;
  return {
    index,
    operation: "stray",
    principal,
    authorization,
    method,
    url,
    headers,
    mayWrite: method !== "GET" && method !== "HEAD",
  };
}

/** An Authorization header that names nobody (never a valid token, in any spelling). */
function garbageAuthorization(random: Random, targets: Targets): string {
  const forgedNone = () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const claims = { sub: random.pick(targets.userIds), tv: 0, iss: "helpdesk", role: "admin" };
    return `Bearer ${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`;
  };
  return random.pick<() => string>([
    () => "",
    () => "Bearer",
    () => "Bearer ",
    () => "Bearer null",
    () => "Bearer undefined",
    () => "Bearer [object Object]",
    () => `Bearer ${"A".repeat(random.pick([1_000, 8_000, 16_000]))}`,
    () => "Basic YWRtaW46YWRtaW4=",
    () => "Digest username=admin",
    () => `Bearer ${random.pick(targets.userIds)}`,
    () => "Bearer ' OR 1=1 --",
    () => "Bearer a.b.c",
    () => "Bearer eyJhbGciOiJIUzI1NiJ9.e30.",
    () => ",,,",
    () => "Bearer \t",
    forgedNone,
  ])();
}

function addStrayHeaders(random: Random, headers: Record<string, string>): void {
  if (!random.chance(0.1)) return;
  const [name, value] = random.pick<[string, string]>([
    ["x-forwarded-for", "127.0.0.1, ' OR 1=1 --"],
    ["x-forwarded-host", "evil.example"],
    ["x-http-method-override", "DELETE"],
    ["origin", "https://evil.example"],
    ["accept", "text/html"],
    ["accept", "application/xml"],
    ["accept-encoding", "gzip, br, *;q=0"],
    ["cookie", "token=garbage; helpdesk_token=garbage"],
    ["x-user-id", "00000000-0000-4000-8000-000000000000"],
    ["x-role", "admin"],
  ]);
  headers[name] = value;
}

export function randomUuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Percent-encodes text for a URL; a lone surrogate becomes bytes that are not UTF-8 at all. */
export function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate somewhere: encode character by character below.
  }
  let encoded = "";
  for (const character of text) {
    try {
      encoded += encodeURIComponent(character);
    } catch {
      encoded += "%ED%A0%80";
    }
  }
  return encoded;
}
