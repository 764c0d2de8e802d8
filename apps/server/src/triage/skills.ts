import { normalizeSkill } from "@helpdesk/contracts/skill-names";
import { maskIncidentalMentions } from "./incidental-mentions.ts";

/**
 * Skill names as people write them ("Postgres", "PostgreSQL", "k8s") and as the system compares them.
 * Routing imports `canonicalSkill`/`isSameSkill` to match a ticket's skills to a moderator's as whole
 * skills: "Go" never matches "MongoDB", "Java" never "JavaScript".
 */

type LexiconEntry = {
  /** How the skill is shown when the installation has no spelling of its own. */
  name: string;
  /** Other names of the very same skill: they compare equal. */
  synonyms?: string[];
  /** Words in a ticket that point at the skill without naming it (vpn → Networking). */
  cues?: string[];
};

/** Names too common as plain words to be read as a skill from free text ("go home", "the rest"). */
const NOT_FROM_TEXT = new Set(["go", "rust", "node", "rest", "ts", "ci", "ui", "mail", "swift"]);

const LEXICON: LexiconEntry[] = [
  { name: "PostgreSQL", synonyms: ["postgres", "psql", "pgsql"] },
  { name: "MySQL", synonyms: ["mariadb"] },
  { name: "MongoDB", synonyms: ["mongo"] },
  { name: "Redis" },
  { name: "Elasticsearch", synonyms: ["elastic search", "opensearch"] },
  { name: "Oracle", synonyms: ["oracle db"] },
  { name: "SQL Server", synonyms: ["mssql", "ms sql", "sqlserver"] },
  { name: "SQL", cues: ["query", "queries"] },
  { name: "Database", synonyms: ["db", "databases", "dbs"], cues: ["schema", "migration", "deadlock"] },
  { name: "Kubernetes", synonyms: ["k8s", "kube", "kubectl"], cues: ["pod", "pods", "helm"] },
  { name: "Docker", synonyms: ["docker compose", "docker-compose"], cues: ["container", "containers"] },
  { name: "AWS", synonyms: ["amazon web services"], cues: ["ec2", "s3", "lambda", "cloudfront"] },
  { name: "Azure", synonyms: ["microsoft azure"] },
  { name: "Google Cloud", synonyms: ["gcp", "google cloud platform"] },
  { name: "Linux", cues: ["ubuntu", "debian", "centos", "rhel", "bash", "systemd"] },
  { name: "Windows", cues: ["windows 10", "windows 11", "powershell"] },
  { name: "macOS", synonyms: ["mac os", "osx", "os x"] },
  { name: "JavaScript", synonyms: ["js", "ecmascript"] },
  { name: "TypeScript", synonyms: ["ts"] },
  { name: "Node.js", synonyms: ["node", "nodejs"], cues: ["npm"] },
  { name: "React", synonyms: ["react.js", "reactjs"] },
  { name: "Angular", synonyms: ["angularjs"] },
  { name: "Vue", synonyms: ["vue.js", "vuejs"] },
  { name: "Java", cues: ["jvm", "spring", "maven", "gradle"] },
  { name: "Python", cues: ["django", "flask", "pip"] },
  { name: "Go", synonyms: ["golang"] },
  { name: "Rust" },
  { name: "C#", synonyms: ["csharp", "c sharp"] },
  { name: ".NET", synonyms: ["dotnet", "dot net", "asp.net"] },
  { name: "PHP", cues: ["laravel", "wordpress"] },
  { name: "Ruby", synonyms: ["ruby on rails", "rails"] },
  { name: "HTML", cues: ["css"] },
  { name: "GraphQL" },
  { name: "REST API", synonyms: ["api", "rest", "apis"], cues: ["endpoint", "webhook", "integration"] },
  { name: "Git", synonyms: ["github", "gitlab"] },
  { name: "CI/CD", synonyms: ["ci", "cicd", "jenkins"], cues: ["pipeline", "deployment"] },
  {
    name: "Networking",
    synonyms: ["network", "networks"],
    cues: ["vpn", "dns", "wifi", "wi-fi", "router", "firewall", "latency", "proxy", "ethernet", "lan"],
  },
  {
    name: "Security",
    cues: ["breach", "phishing", "malware", "virus", "ransomware", "antivirus", "vulnerability", "hacked"],
  },
  {
    name: "Authentication",
    synonyms: ["auth", "login", "sso"],
    cues: ["password", "2fa", "mfa", "oauth", "log in", "sign in", "locked out"],
  },
  {
    name: "Email",
    synonyms: ["e-mail", "mail", "emails", "e-mails"],
    cues: ["outlook", "smtp", "imap", "inbox", "mailbox"],
  },
  { name: "Hardware", cues: ["laptop", "printer", "monitor", "keyboard", "battery", "disk", "device"] },
  {
    name: "Billing",
    synonyms: ["payments", "payment"],
    cues: ["invoice", "refund", "charge", "subscription"],
  },
  { name: "Performance", cues: ["slow", "timeout", "latency", "memory", "cpu"] },
  { name: "Frontend", synonyms: ["front end", "front-end", "ui"] },
  { name: "Backend", synonyms: ["back end", "back-end"] },
  { name: "Mobile", cues: ["android", "ios", "iphone", "app store"] },
];

const CANONICAL = new Map<string, string>();
for (const entry of LEXICON) {
  const canonical = normalizeSkill(entry.name);
  for (const name of [entry.name, ...(entry.synonyms ?? [])]) CANONICAL.set(normalizeSkill(name), canonical);
}

/** One key per skill, whatever the spelling: "Postgres", "psql" and "PostgreSQL" all give "postgresql". */
export function canonicalSkill(name: string): string {
  const key = normalizeSkill(name);
  return CANONICAL.get(key) ?? key;
}

/** Whole-skill equality after normalisation and synonyms; never a substring match. */
export function isSameSkill(a: string, b: string): boolean {
  const left = canonicalSkill(a);
  return left !== "" && left === canonicalSkill(b);
}

const DISPLAY_NAME = new Map(LEXICON.map((entry) => [normalizeSkill(entry.name), entry.name]));

/** Phrases (as word sequences) in ticket text that name or point at a skill. */
const MENTIONS = new Map<string, { canonical: string; strength: number }>();
for (const entry of LEXICON) {
  const canonical = normalizeSkill(entry.name);
  for (const name of [entry.name, ...(entry.synonyms ?? [])]) {
    if (!NOT_FROM_TEXT.has(mentionKey(name))) MENTIONS.set(mentionKey(name), { canonical, strength: 1 });
  }
  for (const cue of entry.cues ?? []) {
    if (!MENTIONS.has(mentionKey(cue))) MENTIONS.set(mentionKey(cue), { canonical, strength: 0.6 });
  }
}

function mentionKey(phrase: string): string {
  return skillWords(phrase).join(" ");
}

/** Words as skill names are written in text: "node.js", "c++", "c#" and ".net" stay whole. */
function skillWords(text: string): string[] {
  return (text.toLowerCase().match(/\.net\b|[a-z0-9][a-z0-9+#]*(?:[.\-/][a-z0-9+#]+)*[+#]*/g) ?? []).map(
    (word) => (word === ".net" ? "dotnet" : word),
  );
}

export type SkillMention = { skill: string; strength: number };

/**
 * Skills a ticket's text names or points at, each in the installation's own spelling when it has
 * one (its skills are `known`), otherwise in the lexicon's. Strength 1 is a name, less is a cue.
 * How the requester wants an answer ("confirm by email", "call me on my phone") names no skill.
 */
export function findSkillMentions(text: string, known: readonly string[]): SkillMention[] {
  const { installation, ownPhrases } = installationVocabulary(known);
  const found = new Map<string, number>();
  const note = (canonical: string, strength: number) => {
    if ((found.get(canonical) ?? 0) < strength) found.set(canonical, strength);
  };
  const words = skillWords(maskIncidentalMentions(text));
  const compact = words.map((word) => word.replace(/[^a-z0-9+#]/g, ""));
  for (let start = 0; start < words.length; start++) {
    let phrase = "";
    let joined = "";
    for (let length = 1; length <= 3 && start + length <= words.length; length++) {
      const word = words[start + length - 1] as string;
      phrase = length === 1 ? word : `${phrase} ${word}`;
      joined += compact[start + length - 1];
      const mention = MENTIONS.get(phrase) ?? lexiconSynonym(phrase, joined);
      if (mention) note(mention.canonical, mention.strength);
      const own = ownPhrases.get(phrase);
      if (own) note(own, 1);
    }
  }
  return [...found]
    .map(([canonical, strength]) => ({
      skill: installation.get(canonical) ?? DISPLAY_NAME.get(canonical) ?? canonical,
      strength,
    }))
    .sort((a, b) => b.strength - a.strength || a.skill.localeCompare(b.skill));
}

type InstallationVocabulary = { installation: Map<string, string>; ownPhrases: Map<string, string> };
const vocabularyCache = new WeakMap<readonly string[], InstallationVocabulary>();

/** The installation's spelling per canonical skill, and its own skills' names as phrases. */
function installationVocabulary(known: readonly string[]): InstallationVocabulary {
  const cached = vocabularyCache.get(known);
  if (cached) return cached;
  const installation = new Map<string, string>();
  for (const skill of known) {
    const key = canonicalSkill(skill);
    if (key && !installation.has(key)) installation.set(key, skill);
  }
  const ownPhrases = new Map<string, string>();
  for (const [key, skill] of installation) {
    const phrase = mentionKey(skill);
    if (phrase && !MENTIONS.has(phrase) && !NOT_FROM_TEXT.has(phrase)) ownPhrases.set(phrase, key);
  }
  const vocabulary = { installation, ownPhrases };
  vocabularyCache.set(known, vocabulary);
  return vocabulary;
}

/** A spelling the mention table lacks but that normalises to a lexicon skill ("postgre-sql"). */
function lexiconSynonym(phrase: string, joined: string): { canonical: string; strength: number } | undefined {
  if (NOT_FROM_TEXT.has(phrase)) return undefined;
  const canonical = CANONICAL.get(joined);
  return canonical ? { canonical, strength: 1 } : undefined;
}
