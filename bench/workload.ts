/**
 * What the benches feed the help desk: deterministic, varied tickets (no data files needed) and a
 * team of moderators whose skills cover them, so routing has real choices to make.
 */
const SUBJECTS = [
  ["VPN", "Networking", "Network", "disconnects every few minutes when I work from home"],
  ["Postgres", "PostgreSQL", "Software Bug", "replica lags behind the primary and reports are stale"],
  ["invoice", "Billing", "Billing", "shows a charge twice for the same month"],
  ["laptop", "Hardware", "Hardware", "battery does not charge any more after the update"],
  ["password", "Authentication", "Account & Access", "reset link expired and I am locked out"],
  ["Kubernetes", "Kubernetes", "Outage & Maintenance", "pods restart in a loop since the deployment"],
  ["printer", "Hardware", "Hardware", "on the second floor jams on every page"],
  ["React", "React", "Software Bug", "dashboard page throws an error after login"],
] as const;
const MOODS = [
  "Could you please have a look when you have time?",
  "This is urgent, the whole team is blocked!!!",
  "It has happened again for the third time this week.",
  "Thank you for your help.",
  "We would like to change the configuration before the release.",
];
const PRIORITIES = ["low", "high", "medium", "low", "medium"] as const;
const TYPES = ["question", "incident", "problem", "request", "change"] as const;

/** A word found in one ticket of eight, for full-text search. */
export const SEARCH_WORD = "printer";

export const SKILLS = [...new Set(SUBJECTS.map(([, skill]) => skill))];
export const CATEGORIES = [...new Set(SUBJECTS.map(([, , category]) => category))];

/** Moderators' skills: every ticket's skill is someone's, some twice. */
export const TEAM = [
  ["PostgreSQL", "Database"],
  ["Hardware", "Windows"],
  ["Networking", "Linux"],
  ["Kubernetes", "Docker", "PostgreSQL"],
  ["Billing", "Authentication"],
  ["React", "JavaScript", "Hardware"],
];

export type LabelledTicket = {
  title: string;
  description: string;
  priority: string;
  type: string;
  category: string;
  skill: string;
};

/** A deterministic ticket per index, with the labels a person would give it. */
export function ticketAt(index: number): LabelledTicket {
  const [thing, skill, category, trouble] = SUBJECTS[index % SUBJECTS.length] as (typeof SUBJECTS)[number];
  const mood = index % MOODS.length;
  const filler = " We checked the logs and restarted the service but nothing changed.".repeat(
    1 + (index % 4),
  );
  return {
    title: `${thing} issue #${index}`,
    description: `Hello team,\n\nThe ${thing} ${trouble}. ${MOODS[mood]}${filler}\n\nBest regards,\nSam`,
    priority: PRIORITIES[mood] as string,
    type: TYPES[mood] as string,
    category,
    skill,
  };
}

/** The body of POST /api/tickets for ticket `index`. */
export function ticketBody(index: number): { title: string; description: string } {
  const { title, description } = ticketAt(index);
  return { title, description };
}
