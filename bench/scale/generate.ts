/**
 * Generated help-desk data for the scale benchmark: people, and tickets as lines of PostgreSQL's
 * COPY text format. Deterministic for a seed, so two runs load the same tickets. The text mixes
 * templates with words drawn from a Zipf distribution, so full-text searches range from words in
 * half the tickets to error codes in a handful.
 */

/** mulberry32: small, fast and good enough to vary test data. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (max: number): number => Math.floor(next() * max),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (share: number): boolean => next() < share,
    /** An exponentially distributed duration with this mean. */
    exponential: (mean: number): number => -Math.log(1 - next()) * mean,
  };
}
export type Random = ReturnType<typeof createRandom>;

/** Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent. */
export function createZipf(n: number, exponent: number, random: Random) {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }
  return (): number => {
    const target = random.next() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((cumulative[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

const SYLLABLES =
  "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu".split(
    " ",
  );

/** Pronounceable made-up words, distinct, in a fixed order (rank 0 is the most frequent). */
export function makeVocabulary(size: number, random: Random): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const length = 2 + random.int(3);
    let word = "";
    for (let index = 0; index < length; index++) word += random.pick(SYLLABLES);
    words.add(`${word}${random.pick(["", "n", "x", "l", "t"])}`);
  }
  return [...words];
}

type Subject = {
  thing: string;
  skill: string;
  category: string;
  type: "incident" | "request" | "problem" | "question" | "change";
  troubles: string[];
};

export const SUBJECTS: Subject[] = [
  {
    thing: "VPN",
    skill: "Networking",
    category: "Network",
    type: "incident",
    troubles: ["disconnects every few minutes", "times out when I work from home", "refuses my certificate"],
  },
  {
    thing: "Postgres replica",
    skill: "PostgreSQL",
    category: "Software Bug",
    type: "problem",
    troubles: ["lags behind the primary", "reports a replication error", "runs out of disk space"],
  },
  {
    thing: "invoice",
    skill: "Billing",
    category: "Billing",
    type: "question",
    troubles: ["shows a charge twice", "has the wrong VAT number", "was never sent to our accounting"],
  },
  {
    thing: "laptop",
    skill: "Hardware",
    category: "Hardware",
    type: "incident",
    troubles: ["does not charge any more", "overheats during calls", "shows a blue screen error at boot"],
  },
  {
    thing: "password reset",
    skill: "Authentication",
    category: "Account & Access",
    type: "request",
    troubles: ["link expired and I am locked out", "mail never arrives", "fails with an error message"],
  },
  {
    thing: "Kubernetes cluster",
    skill: "Kubernetes",
    category: "Outage & Maintenance",
    type: "incident",
    troubles: [
      "pods restart in a loop",
      "cannot pull images from the registry",
      "nodes report disk pressure",
    ],
  },
  {
    thing: "printer",
    skill: "Hardware",
    category: "Hardware",
    type: "incident",
    troubles: ["jams on every page", "prints blank pages", "is offline for the whole floor"],
  },
  {
    thing: "dashboard",
    skill: "React",
    category: "Software Bug",
    type: "problem",
    troubles: ["throws an error after login", "loads forever", "shows last week's numbers"],
  },
  {
    thing: "mailbox",
    skill: "Email",
    category: "Account & Access",
    type: "request",
    troubles: ["is full and rejects mail", "needs a shared folder for the team", "lost the calendar"],
  },
  {
    thing: "SSO login",
    skill: "Authentication",
    category: "Account & Access",
    type: "incident",
    troubles: ["loops back to the start page", "rejects my two-factor code", "shows an access denied error"],
  },
  {
    thing: "order",
    skill: "Logistics",
    category: "Orders & Returns",
    type: "question",
    troubles: ["arrived damaged", "has not shipped after two weeks", "was delivered to the wrong address"],
  },
  {
    thing: "API",
    skill: "Node.js",
    category: "Software Bug",
    type: "problem",
    troubles: ["answers 502 under load", "returns a timeout error", "rejects valid tokens"],
  },
  {
    thing: "export feature",
    skill: "Product",
    category: "Feature Request",
    type: "change",
    troubles: ["should support CSV", "needs a schedule", "could include archived projects"],
  },
  {
    thing: "security alert",
    skill: "Security",
    category: "Security",
    type: "incident",
    troubles: ["flags a login from abroad", "reports a phishing mail", "lists an unknown device"],
  },
  {
    thing: "contract",
    skill: "Sales",
    category: "Sales",
    type: "question",
    troubles: ["needs more seats", "renewal price is unclear", "should move to yearly billing"],
  },
  {
    thing: "payroll",
    skill: "HR",
    category: "Human Resources",
    type: "question",
    troubles: ["shows the wrong holiday balance", "missed my overtime", "has an error in my tax class"],
  },
];

export const SKILLS = [...new Set(SUBJECTS.map((subject) => subject.skill))];

const GREETINGS = ["Hello team,", "Hi,", "Good morning,", "Dear support,", "Hey there,", "Hello,"];
const MOODS = [
  "Could you please have a look when you have time?",
  "This is urgent, the whole team is blocked!",
  "It has happened again for the third time this week.",
  "Thank you for your help.",
  "We would like to sort this out before the release.",
  "Nothing changed on our side as far as I know.",
];
const STEPS = [
  "We checked the logs and restarted the service but nothing changed.",
  "I already tried a different browser and cleared the cache.",
  "A colleague in another office sees the same thing.",
  "It started right after the last update.",
  "Rebooting helps for an hour or so.",
];
const NAMES = [
  "Sam",
  "Alex",
  "Priya",
  "Jonas",
  "Mei",
  "Carlos",
  "Fatima",
  "Olga",
  "Tom",
  "Aisha",
  "Lars",
  "Yuki",
];
const RESOLUTIONS = [
  "Restarted the affected service and confirmed with the requester.",
  "Replaced the faulty part; working again.",
  "Applied the configuration fix from the knowledge base.",
  "Explained the steps; the requester confirmed it works.",
  "Duplicate of an earlier ticket, fixed there.",
];

export const PRIORITY_SHARES = [
  ["low", 0.35],
  ["medium", 0.4],
  ["high", 0.19],
  ["critical", 0.06],
] as const;
type Priority = (typeof PRIORITY_SHARES)[number][0];

const HOUR = 3_600_000;
/** The server's default SLA targets (config.ts), so due dates look like the app set them. */
const SLA_MS: Record<Priority, number> = {
  critical: 4 * HOUR,
  high: 24 * HOUR,
  medium: 72 * HOUR,
  low: 168 * HOUR,
};
/** Mean time to resolve, by priority. */
const RESOLVE_MS: Record<Priority, number> = {
  critical: 3 * HOUR,
  high: 18 * HOUR,
  medium: 48 * HOUR,
  low: 96 * HOUR,
};

/** Rare words that a search can find: one error code per ticket in half of them. */
export const ERROR_CODES = 200_000;
export const errorCode = (index: number) => `ERR${String(index).padStart(6, "0")}`;

export type Person = { id: string; email: string; role: "user" | "moderator" | "admin"; skills: string[] };

export type TicketWorld = {
  requesters: Person[];
  staff: Person[];
  now: number;
  spanMs: number;
  total: number;
  seed: number;
};

/** The ticket columns written by COPY, in order: every column the app reads, none it generates. */
export const TICKET_COLUMNS = [
  "title",
  "description",
  "status",
  "priority",
  "category",
  "type",
  "summary",
  "helpful_notes",
  "related_skills",
  "sentiment",
  "triage",
  "created_by",
  "assigned_to",
  "assignment",
  "due_at",
  "sla_breached_at",
  "resolution",
  "resolved_at",
  "created_at",
  "updated_at",
] as const;

/**
 * COPY text-format lines for all tickets, `batchSize` at a time, oldest first (so the identity
 * column numbers them in order of creation, as the app would).
 */
export function* ticketLines(world: TicketWorld, batchSize: number): Generator<string, void, undefined> {
  const random = createRandom(world.seed);
  const vocabulary = makeVocabulary(20_000, random);
  const word = createZipf(vocabulary.length, 1.05, random);
  // A few people file most tickets, as in any help desk (one department's printer…).
  const requester = createZipf(world.requesters.length, 1, random);
  const staffBySkill = new Map(
    SKILLS.map((skill) => [skill, world.staff.filter((person) => person.skills.includes(skill))]),
  );
  const start = world.now - world.spanMs;
  const slot = world.spanMs / world.total;
  let lines: string[] = [];
  for (let index = 0; index < world.total; index++) {
    const createdAt = start + (index + random.next()) * slot;
    const words = (count: number) => Array.from({ length: count }, () => vocabulary[word()]).join(" ");
    const row = ticketRow(
      random,
      world,
      createdAt,
      words,
      world.requesters[requester()] as Person,
      staffBySkill,
    );
    lines.push(row);
    if (lines.length === batchSize) {
      yield lines.join("");
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join("");
}

function ticketRow(
  random: Random,
  world: TicketWorld,
  createdAt: number,
  words: (count: number) => string,
  requester: Person,
  staffBySkill: Map<string, Person[]>,
): string {
  const subject = random.pick(SUBJECTS);
  const trouble = random.pick(subject.troubles);
  const code = random.chance(0.5) ? errorCode(random.int(ERROR_CODES)) : undefined;
  const title = `${capitalise(subject.thing)} ${trouble}${random.chance(0.3) ? ` (${words(1)})` : ""}`;
  const description = [
    random.pick(GREETINGS),
    "",
    `The ${subject.thing} ${trouble}. ${random.pick(MOODS)} ${random.pick(STEPS)}`,
    code ? `Error code: ${code}` : `Seen on: ${words(2)}`,
    `Notes: ${words(6 + random.int(24))}.`,
    "",
    `Best regards,\n${random.pick(NAMES)}`,
  ].join("\n");

  const age = world.now - createdAt;
  // The newest tickets are still waiting for triage, as they would be a few seconds after filing.
  if (age < 10 * 60_000) {
    const untriaged = { priority: null, category: null, type: null, summary: null, helpfulNotes: null };
    return copyLine([
      title,
      description,
      "TODO",
      ...Object.values(untriaged),
      "{}",
      null, // sentiment
      null, // triage
      requester.id,
      ...Array<null>(6).fill(null), // assignee, assignment, due, breach, resolution, resolved
      iso(createdAt),
      iso(createdAt),
    ]);
  }

  const priority = pickPriority(random);
  const dueAt = createdAt + SLA_MS[priority];
  // Most tickets get resolved; a few wait on the customer for good.
  const stuck = random.chance(0.01);
  const resolvedAt = stuck ? undefined : createdAt + 60_000 + random.exponential(RESOLVE_MS[priority]);
  const isResolved = resolvedAt !== undefined && resolvedAt < world.now;
  const finishedAt = isResolved ? resolvedAt : world.now;
  const breachedAt = dueAt < finishedAt ? Math.min(dueAt + 20_000, world.now) : undefined;
  const waitingForStaff = !isResolved && random.chance(0.15);

  const decidedAt = createdAt + 40 + random.int(200);
  const candidates = staffBySkill.get(subject.skill) ?? [];
  const assignee = waitingForStaff
    ? undefined
    : random.pick(candidates.length > 0 ? candidates : world.staff);
  const assignment = assignee
    ? {
        rule: candidates.length > 0 ? "skills" : "fallback-admin",
        reason: `Covers ${subject.skill}; fewest open tickets`,
        matchedSkills: [subject.skill],
        score: 1,
        runnerUp: null,
        decidedBy: "routing",
        decidedAt: iso(decidedAt),
      }
    : {
        rule: "unassigned",
        reason: "Nobody with room for this ticket",
        matchedSkills: [],
        score: 0,
        runnerUp: null,
        decidedBy: "routing",
        decidedAt: iso(decidedAt),
      };
  const status = isResolved
    ? world.now - resolvedAt > 7 * 24 * HOUR || random.chance(0.3)
      ? "CLOSED"
      : "RESOLVED"
    : waitingForStaff
      ? "TODO"
      : random.chance(0.7)
        ? "IN_PROGRESS"
        : "WAITING";
  const updatedAt = isResolved
    ? status === "CLOSED"
      ? Math.min(resolvedAt + random.exponential(24 * HOUR), world.now)
      : resolvedAt
    : createdAt + random.next() * age;
  const sentimentScore = Math.round((random.next() * 2 - 1) * 100) / 100;

  return copyLine([
    title,
    description,
    status,
    priority,
    subject.category,
    subject.type,
    `${capitalise(subject.thing)} ${trouble}.`,
    `- Ask for the exact time it happened\n- Check the ${subject.skill} runbook${code ? `\n- Search the logs for ${code}` : ""}`,
    arrayLiteral([subject.skill]),
    JSON.stringify({
      label: sentimentScore < -0.3 ? "negative" : sentimentScore > 0.3 ? "positive" : "neutral",
      score: sentimentScore,
    }),
    JSON.stringify({
      engine: "builtin",
      model: "wink-eng-lite-web-model",
      version: "1",
      durationMs: 2 + random.int(6),
      confidence: { priority: 0.7, category: 0.8, type: 0.6, relatedSkills: 0.75 },
    }),
    requester.id,
    assignee?.id ?? null,
    JSON.stringify(assignment),
    iso(dueAt),
    breachedAt === undefined ? null : iso(breachedAt),
    isResolved ? random.pick(RESOLUTIONS) : null,
    isResolved ? iso(resolvedAt) : null,
    iso(createdAt),
    iso(updatedAt),
  ]);
}

function pickPriority(random: Random): Priority {
  let draw = random.next();
  for (const [priority, share] of PRIORITY_SHARES) {
    draw -= share;
    if (draw < 0) return priority;
  }
  return "low";
}

/** One line of COPY's text format: tab-separated, `\N` for null, backslash escapes. */
function copyLine(values: (string | null)[]): string {
  return `${values.map((value) => (value === null ? "\\N" : escapeCopy(value))).join("\t")}\n`;
}

function escapeCopy(text: string): string {
  return text.replace(
    /[\\\t\n\r]/g,
    (char) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[char] ?? char,
  );
}

/** A PostgreSQL text[] literal, every element quoted. */
function arrayLiteral(items: string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

const iso = (time: number) => new Date(time).toISOString();
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
