import {
  type AdminStats,
  type Comment,
  type JobSummary,
  type OutboxMail,
  type StaffMember,
  type Ticket,
  type TicketEvent,
  type TicketEventData,
  type TicketEventKind,
  type User,
  ZAdminStats,
  ZComment,
  ZJobSummary,
  ZOutboxMail,
  ZStaffMember,
  ZTicket,
  ZTicketEvent,
  ZUser,
} from "@helpdesk/contracts";

/**
 * What the API would send, built for tests. Every fixture goes through the contracts' schema, so one
 * that drifts from the API (a field renamed, removed, added or of the wrong shape) throws where it is
 * built instead of passing a test against a server that no longer exists.
 */
export function parseFixture<T>(schema: { parse: (value: unknown) => T }, value: T): T {
  const parsed = schema.parse(value);
  const stray = strayKeys(value, parsed);
  if (stray.length) throw new Error(`The API has no ${stray.join(", ")}: update the fixture`);
  return parsed;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Keys the schema dropped while parsing: fields the fixture has and the API does not. */
function strayKeys(input: unknown, output: unknown, path = ""): string[] {
  if (Array.isArray(input) && Array.isArray(output))
    return input.flatMap((item, index) => strayKeys(item, output[index], `${path}[${index}]`));
  if (!isRecord(input) || !isRecord(output)) return [];
  return Object.keys(input).flatMap((key) =>
    key in output ? strayKeys(input[key], output[key], `${path}.${key}`) : [`${path}.${key}`.slice(1)],
  );
}

export const NOW = new Date().toISOString();

export function makeUser(overrides: Partial<User> = {}): User {
  return parseFixture(ZUser, {
    _id: "u-req",
    email: "requester@example.com",
    role: "user",
    skills: [],
    available: true,
    capacity: 10,
    disabledAt: null,
    createdAt: NOW,
    ...overrides,
  });
}

export function makeStaffMember(overrides: Partial<StaffMember> = {}): StaffMember {
  return parseFixture(ZStaffMember, {
    ...makeUser({ _id: "u-mod", email: "mod@example.com", role: "moderator" }),
    openTickets: 0,
    ...overrides,
  });
}

/** A triaged, assigned, open ticket as its requester sees it (no AI notes, triage or routing). */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return parseFixture(ZTicket, {
    _id: "t1",
    number: 7,
    title: "VPN drops every few minutes",
    description: "Since this morning\n  the VPN drops.",
    status: "IN_PROGRESS",
    priority: "high",
    category: "Network",
    type: "incident",
    summary: "The VPN connection drops repeatedly.",
    helpfulNotes: null,
    relatedSkills: ["VPN"],
    sentiment: null,
    triage: null,
    createdBy: "u-req",
    requester: { _id: "u-req", email: "requester@example.com" },
    assignedTo: { _id: "u-mod", email: "mod@example.com" },
    assignment: null,
    dueAt: NOW,
    deadline: NOW,
    slaBreachedAt: null,
    resolution: null,
    createdAt: NOW,
    updatedAt: NOW,
    resolvedAt: null,
    ...overrides,
  });
}

export function makeComment(overrides: Partial<Comment> = {}): Comment {
  return parseFixture(ZComment, {
    _id: "c1",
    ticketId: "t1",
    author: { _id: "u-mod", email: "mod@example.com", role: "moderator" },
    body: "Please update your client.",
    internal: false,
    createdAt: NOW,
    ...overrides,
  });
}

let eventCount = 0;

/** One history entry of ticket t1, by the system unless `actor` says who; `data` is typed by `kind`. */
export function makeEvent<K extends TicketEventKind>(
  kind: K,
  data: TicketEventData<K>,
  overrides: Partial<Omit<TicketEvent, "kind" | "data">> = {},
): Extract<TicketEvent, { kind: K }> {
  eventCount += 1;
  const event = parseFixture(ZTicketEvent, {
    _id: `e${eventCount}`,
    ticketId: "t1",
    actor: null,
    createdAt: NOW,
    ...overrides,
    kind,
    data,
  } as TicketEvent);
  return event as Extract<TicketEvent, { kind: K }>;
}

export function makeJob(overrides: Partial<JobSummary> = {}): JobSummary {
  return parseFixture(ZJobSummary, {
    _id: "j1",
    name: "ticket.created",
    state: "completed",
    attempts: 0,
    retryLimit: 3,
    lastError: null,
    ticketId: "t1",
    createdAt: NOW,
    startedAt: null,
    completedAt: null,
    ...overrides,
  });
}

export function makeMail(overrides: Partial<OutboxMail> = {}): OutboxMail {
  return parseFixture(ZOutboxMail, {
    _id: "m1",
    to: "ada@example.com",
    subject: "Your ticket #1 was assigned",
    text: "Hello Ada,\nsomeone is on it.",
    html: "<p>Hello Ada</p>",
    kind: "ticket.assigned",
    status: "kept",
    attempts: 0,
    lastError: null,
    ticketId: "t1",
    createdAt: NOW,
    sentAt: null,
    attachments: [],
    ...overrides,
  });
}

/** Dashboard figures of a quiet month: one day, nothing filed. */
export function makeStats(overrides: Partial<AdminStats> = {}): AdminStats {
  return parseFixture(ZAdminStats, {
    days: 30,
    ticketsPerDay: [{ day: "2026-03-01", low: 0, medium: 0, high: 0, critical: 0, untriaged: 0 }],
    openByStatus: { TODO: 0, IN_PROGRESS: 0, WAITING: 0 },
    openByCategory: [],
    medianMinutesToAssign: null,
    medianMinutesToResolve: null,
    slaBreaches: { open: 0, inPeriod: 0 },
    loadPerStaff: [],
    engines: [],
    ...overrides,
  });
}
