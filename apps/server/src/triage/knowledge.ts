import type { Priority, TicketType } from "@helpdesk/contracts";
import type { BUILT_IN_CATEGORIES } from "@helpdesk/contracts/constants";

export type BuiltinCategory = (typeof BUILT_IN_CATEGORIES)[number];

/**
 * What the project knows about help-desk tickets without any history: words that signal urgency,
 * the kind of ticket and its subject. Every cue is a phrase matched as whole words, so "down" never
 * fires inside "download". Scores are evidence, turned into probabilities by `toProbabilities`.
 */

type Cue<Label extends string> = { phrases: string[]; votes: Partial<Record<Label, number>> };

const PRIORITY_CUES: Cue<Priority>[] = [
  {
    phrases: [
      "outage",
      "down for everyone",
      "all users",
      "everyone is affected",
      "data loss",
      "lost data",
      "security breach",
      "breach",
      "ransomware",
      "production is down",
      "production down",
      "site is down",
      "system is down",
      "service is down",
      "emergency",
      "critical",
      "whole company",
      "entire company",
      "entire team",
    ],
    votes: { critical: 2.4, high: 0.8 },
  },
  {
    phrases: [
      "urgent",
      "urgently",
      "asap",
      "as soon as possible",
      "immediately",
      "immediate attention",
      "right away",
      "cannot log in",
      "can't log in",
      "cannot login",
      "unable to log in",
      "unable to access",
      "cannot access",
      "locked out",
      "blocked",
      "blocking",
      "deadline",
      "today",
      "by tomorrow",
      "crash",
      "crashes",
      "crashed",
      "down",
      "not responding",
      "unresponsive",
      "stopped working",
      "hacked",
      "unauthorized",
      "compromised",
      "disruption",
      "severely",
      "significant impact",
      "major",
      "swiftly",
      "promptly",
      "quickly",
    ],
    votes: { high: 1, critical: 0.3 },
  },
  {
    phrases: [
      "error",
      "failed",
      "failure",
      "fails",
      "not working",
      "issue",
      "problem",
      "broken",
      "unable",
      "cannot",
      "can't",
      "bug",
    ],
    votes: { medium: 0.3, high: 0.3 },
  },
  {
    phrases: [
      "question",
      "how do i",
      "how can i",
      "wondering",
      "when you have time",
      "when you get a chance",
      "no rush",
      "not urgent",
      "whenever possible",
      "at your convenience",
      "feature request",
      "suggestion",
      "would like to know",
      "more information",
      "information about",
      "information regarding",
      "inquiry",
      "inquire",
      "curious",
      "cosmetic",
      "typo",
      "minor",
      "nice to have",
      "documentation",
      "pricing",
      "brochure",
      "newsletter",
      "interested in",
      "feedback",
      "recommendations",
      "best practices",
      "when convenient",
      "not critical",
      "general question",
    ],
    votes: { low: 1, medium: 0.2 },
  },
];

const TYPE_CUES: Cue<TicketType>[] = [
  {
    phrases: [
      "not working",
      "stopped working",
      "is down",
      "went down",
      "outage",
      "error",
      "errors",
      "crash",
      "crashed",
      "crashes",
      "failed",
      "failing",
      "fails",
      "failure",
      "broken",
      "unable to",
      "cannot",
      "can't",
      "does not",
      "doesn't",
      "isn't",
      "won't",
      "not responding",
      "not receiving",
      "disruption",
      "interrupted",
      "incident",
      "breach",
      "unavailable",
      "issue",
      "issues",
      "trouble",
      "difficulties",
      "difficulty",
      "malfunction",
      "malfunctioning",
      "facing",
      "experiencing",
    ],
    votes: { incident: 0.8, problem: 0.3 },
  },
  {
    phrases: [
      "again",
      "keeps",
      "keep happening",
      "recurring",
      "recurrent",
      "repeatedly",
      "repeated",
      "intermittent",
      "intermittently",
      "every time",
      "root cause",
      "persistent",
      "persists",
      "continues",
      "frequently",
      "multiple incidents",
      "several incidents",
      "underlying",
      "fundamental",
      "ongoing",
      "widespread",
      "systemic",
    ],
    votes: { problem: 1.2 },
  },
  {
    phrases: [
      "request",
      "requesting",
      "would like to",
      "need access",
      "access to",
      "new account",
      "set up",
      "quote",
      "purchase",
      "order",
      "guidance",
      "more information",
      "information about",
      "information regarding",
      "details about",
      "inquiry",
      "inquire",
      "interested in",
      "pricing",
      "recommendations",
      "best practices",
    ],
    votes: { request: 1, question: 0.3 },
  },
  {
    phrases: [
      "change",
      "changes",
      "update",
      "updating",
      "upgrade",
      "upgrading",
      "migrate",
      "migration",
      "maintenance",
      "planned",
      "scheduled",
      "modify",
      "modification",
      "replace",
      "configure",
      "configuration",
      "integration",
      "integrate",
      "rollout",
      "deploy",
      "optimize",
      "optimizing",
      "enhance",
      "implement",
      "adjust",
    ],
    votes: { change: 1 },
  },
  {
    phrases: [
      "how do",
      "how can",
      "how to",
      "what is",
      "is it possible",
      "question",
      "wondering",
      "why does",
    ],
    votes: { question: 1, request: 0.3 },
  },
];

/** The project's own categories (the contracts list them for every screen), with the words that point at each. */
const BUILTIN_CATEGORIES = {
  "Account & Access": [
    "login",
    "log in",
    "password",
    "account",
    "locked out",
    "access",
    "permission",
    "permissions",
    "sso",
    "2fa",
    "mfa",
    "sign in",
    "credentials",
  ],
  Billing: [
    "invoice",
    "invoices",
    "payment",
    "payments",
    "charge",
    "charged",
    "refund",
    "subscription",
    "billing",
    "price",
    "credit card",
    "overcharged",
  ],
  Network: [
    "vpn",
    "wifi",
    "wi-fi",
    "network",
    "dns",
    "firewall",
    "connectivity",
    "internet",
    "router",
    "latency",
  ],
  Hardware: [
    "laptop",
    "printer",
    "monitor",
    "battery",
    "device",
    "keyboard",
    "hardware",
    "screen",
    "charger",
  ],
  "Software Bug": [
    "bug",
    "error",
    "crash",
    "exception",
    "stack trace",
    "fails",
    "software",
    "application",
    "app",
    "update",
    "install",
    "installation",
  ],
  "Outage & Maintenance": [
    "outage",
    "down",
    "unavailable",
    "maintenance",
    "disruption",
    "downtime",
    "service interruption",
    "is down",
    "went down",
    "offline",
    "unreachable",
    "not reachable",
    "refuses connections",
    "refusing connections",
    "everyone is blocked",
  ],
  Security: ["breach", "phishing", "malware", "vulnerability", "virus", "hacked", "security", "suspicious"],
  "Feature Request": ["feature", "suggestion", "enhancement", "would be nice", "improve", "improvement"],
  "Orders & Returns": [
    "return",
    "exchange",
    "order",
    "shipping",
    "delivery",
    "warranty",
    "replacement",
    "defective",
    "damaged",
  ],
  Sales: ["pricing", "quote", "demo", "purchase", "license", "plans", "trial", "sales"],
  "Human Resources": ["payroll", "leave", "vacation", "onboarding", "hiring", "benefits", "employee", "hr"],
  "General Inquiry": ["question", "information", "inquiry", "general"],
} as const satisfies Record<BuiltinCategory, readonly string[]>;

/**
 * Words of other names for each built-in category, so an installation's own category names
 * ("Returns and Exchanges", "IT Support") can be matched to the project's knowledge.
 */
const CATEGORY_ALIASES: Record<BuiltinCategory, string[]> = {
  "Account & Access": ["account", "accounts", "access", "identity", "authentication", "login"],
  Billing: ["billing", "payments", "payment", "finance", "invoicing", "accounting"],
  Network: ["network", "networking", "connectivity", "infrastructure", "it"],
  Hardware: ["hardware", "device", "devices", "equipment", "it", "product"],
  "Software Bug": ["bug", "bugs", "software", "technical", "product", "defect", "application", "engineering"],
  "Outage & Maintenance": [
    "outage",
    "outages",
    "maintenance",
    "incident",
    "incidents",
    "service",
    "operations",
  ],
  Security: ["security", "abuse", "compliance"],
  "Feature Request": ["feature", "features", "product", "improvement", "enhancement"],
  "Orders & Returns": ["returns", "exchanges", "orders", "order", "shipping", "customer", "service"],
  Sales: ["sales", "pre", "presales", "commercial"],
  "Human Resources": ["human", "resources", "hr", "people"],
  "General Inquiry": ["general", "inquiry", "inquiries", "other", "customer", "service", "questions"],
};

export type Evidence<Label extends string> = { scores: Record<Label, number>; reasons: string[] };

export type WrittenKnowledge = {
  priority: Evidence<Priority>;
  type: Evidence<TicketType>;
  category: Evidence<BuiltinCategory>;
  /** The ticket as " word word … ", for further whole-word lookups. */
  words: string;
};

/** Lower-case words of a text, as the cues are written. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9][a-z0-9'+#-]*/g) ?? [];
}

type CompiledCues<Label extends string> = {
  /** first word → the cues' phrases that start with it, as word lists. */
  byFirstWord: Map<string, { words: string[]; phrase: string; votes: Partial<Record<Label, number>> }[]>;
};

/** Cues indexed by their first word, so a ticket is read once however many cues there are. */
function compileCues<Label extends string>(cues: Cue<Label>[]): CompiledCues<Label> {
  const byFirstWord: CompiledCues<Label>["byFirstWord"] = new Map();
  for (const cue of cues) {
    for (const phrase of cue.phrases) {
      const words = wordsOf(phrase);
      const first = words[0] as string;
      byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), { words, phrase, votes: cue.votes }]);
    }
  }
  return { byFirstWord };
}

/** Adds each cue's votes once if any of its phrases occurs in the words. */
function weigh<Label extends string>(
  words: readonly string[],
  cues: CompiledCues<Label>,
  base: Record<Label, number>,
): Evidence<Label> {
  const scores = { ...base };
  const reasons: string[] = [];
  const seen = new Set<string>();
  for (let start = 0; start < words.length; start++) {
    for (const candidate of cues.byFirstWord.get(words[start] as string) ?? []) {
      if (seen.has(candidate.phrase)) continue;
      if (!candidate.words.every((word, offset) => words[start + offset] === word)) continue;
      seen.add(candidate.phrase);
      reasons.push(candidate.phrase);
      for (const [label, vote] of Object.entries(candidate.votes) as [Label, number][]) scores[label] += vote;
    }
  }
  return { scores, reasons };
}

const COMPILED_PRIORITY = compileCues(PRIORITY_CUES);
const COMPILED_TYPE = compileCues(TYPE_CUES);
const COMPILED_CATEGORY = compileCues<BuiltinCategory>(
  Object.entries(BUILTIN_CATEGORIES).map(([name, phrases]) => ({
    phrases: [...phrases],
    votes: { [name]: 1 } as Partial<Record<BuiltinCategory, number>>,
  })),
);
const CATEGORY_BASE = Object.fromEntries(
  Object.keys(BUILTIN_CATEGORIES).map((name) => [name, name === "General Inquiry" ? 0.5 : 0]),
) as Record<BuiltinCategory, number>;

const PRIORITY_WORDS: Record<string, Priority> = {
  low: "low",
  medium: "medium",
  normal: "medium",
  moderate: "medium",
  high: "high",
  urgent: "high",
  critical: "critical",
};
const TYPE_WORDS: Record<string, TicketType> = {
  incident: "incident",
  request: "request",
  problem: "problem",
  question: "question",
  change: "change",
};

/** "priority: high", "low priority", "ticket type: change": the requester said it outright. */
function statedLabel<Label extends string>(
  words: string,
  field: string,
  vocabulary: Record<string, Label>,
): Label | undefined {
  for (const [word, label] of Object.entries(vocabulary)) {
    if (words.includes(` ${field} ${word} `) || words.includes(` ${word} ${field} `)) return label;
    if (words.includes(` ${field} level ${word} `) || words.includes(` ${word} ${field} level `))
      return label;
  }
  return undefined;
}

function shouting(text: string): number {
  const letters = text.replace(/[^A-Za-z]/g, "");
  if (letters.length < 12) return 0;
  const upper = letters.replace(/[^A-Z]/g, "").length;
  return upper / letters.length > 0.6 ? 1 : 0;
}

/** The project's written knowledge applied to one ticket. */
export function readWrittenKnowledge(title: string, body: string): WrittenKnowledge {
  const text = `${title}\n${body}`;
  const list = wordsOf(text);
  const words = ` ${list.join(" ")} `;

  const priority = weigh<Priority>(list, COMPILED_PRIORITY, {
    low: 0.4,
    medium: 1,
    high: 0.7,
    critical: -0.6,
  });
  const urgentMarks = (text.match(/!{2,}/g) ?? []).length;
  if (urgentMarks > 0 || shouting(text) > 0) {
    priority.scores.high += 0.8;
    priority.scores.critical += 0.4;
    priority.reasons.push(urgentMarks > 0 ? "repeated exclamation marks" : "written in capitals");
  }
  const statedPriority = statedLabel(words, "priority", PRIORITY_WORDS);
  if (statedPriority) {
    priority.scores[statedPriority] += 3;
    priority.reasons.push(`stated priority ${statedPriority}`);
  }

  const type = weigh<TicketType>(list, COMPILED_TYPE, {
    incident: 0.6,
    request: 0.5,
    problem: 0.2,
    question: 0,
    change: 0,
  });
  const questions = (body.match(/\?/g) ?? []).length;
  if (questions > 0) type.scores.question += 0.4 * Math.min(questions, 3);
  const statedType = statedLabel(words, "type", TYPE_WORDS) ?? statedLabel(words, "ticket type", TYPE_WORDS);
  if (statedType) {
    type.scores[statedType] += 3;
    type.reasons.push(`stated type ${statedType}`);
  }

  const category = weigh<BuiltinCategory>(list, COMPILED_CATEGORY, CATEGORY_BASE);
  return { priority, type, category, words };
}

/** Softmax of evidence: a sure cue is decisive, a lone weak cue leaves room for doubt. */
export function toProbabilities<Label extends string>(scores: Record<Label, number>): Map<Label, number> {
  const entries = Object.entries(scores) as [Label, number][];
  const top = Math.max(...entries.map(([, score]) => score));
  const exponentials = entries.map(([label, score]) => [label, Math.exp(1.5 * (score - top))] as const);
  const total = exponentials.reduce((sum, [, value]) => sum + value, 0);
  return new Map(exponentials.map(([label, value]) => [label, value / total]));
}

/**
 * Probabilities over the installation's categories from those over the built-in ones: a category
 * whose name shares words with a built-in category's aliases inherits its probability, and one
 * whose name the ticket itself uses gets a push.
 */
export function onInstallationCategories(
  builtin: Map<BuiltinCategory, number>,
  categories: readonly string[],
  words: string,
): Map<string, number> {
  if (categories.length === 0) return new Map(builtin);
  const result = new Map<string, number>();
  let total = 0;
  // A name is searched for only when its first word occurs: with a hundred categories and a long
  // ticket, searching the whole text for every name cost more than the rest of the reading.
  const present = new Set(words.split(" "));
  for (const { category, phrase, firstWord, inherits } of categoryLinks(categories)) {
    let score = 0.01;
    for (const [name, share] of inherits) score += (builtin.get(name) ?? 0) * share;
    if (phrase && present.has(firstWord) && words.includes(phrase)) score += 0.3;
    result.set(category, score);
    total += score;
  }
  for (const [category, score] of result) result.set(category, score / total);
  return result;
}

type CategoryLink = {
  category: string;
  phrase: string;
  firstWord: string;
  inherits: [BuiltinCategory, number][];
};

const BUILTIN_ALIASES = (Object.keys(CATEGORY_ALIASES) as BuiltinCategory[]).map(
  (name) => [name, new Set([...CATEGORY_ALIASES[name], ...wordsOf(name)])] as const,
);
const linkCache = new WeakMap<readonly string[], CategoryLink[]>();

/** How each installation category relates to the built-in ones; computed once per category list. */
function categoryLinks(categories: readonly string[]): CategoryLink[] {
  const cached = linkCache.get(categories);
  if (cached) return cached;
  const links = categories.map((category) => {
    const nameWords = wordsOf(category);
    const inherits: [BuiltinCategory, number][] = [];
    for (const [name, aliases] of BUILTIN_ALIASES) {
      const shared = nameWords.filter((word) => aliases.has(word)).length;
      if (shared > 0) inherits.push([name, shared / nameWords.length]);
    }
    return {
      category,
      phrase: nameWords.length > 0 ? ` ${nameWords.join(" ")} ` : "",
      firstWord: nameWords[0] ?? "",
      inherits,
    };
  });
  linkCache.set(categories, links);
  return links;
}
