import { normalizeSkill } from "@helpdesk/contracts/skill-names";
import { describe, expect, it } from "vitest";
import { impliedSkills } from "./implied-skills.ts";
import {
  ancestorsOf,
  conceptOfSkill,
  conceptParents,
  ENTRY_FAMILIES,
  ontologySize,
  readConceptEvidence,
  relateConcepts,
} from "./ontology.ts";
import { termWords } from "./text.ts";

/** The concept a ticket points at most strongly, by name. */
const strongest = (title: string, description = "") => readConceptEvidence(title, description)[0]?.name;
/** Every concept a ticket points at, by name. */
const pointedAt = (title: string, description = "") =>
  readConceptEvidence(title, description).map((evidence) => evidence.name);

describe("the ontology's data", () => {
  it("holds several hundred terms over dozens of concepts", () => {
    const size = ontologySize();
    expect(size.terms).toBeGreaterThan(1000);
    expect(size.concepts).toBeGreaterThan(60);
  });

  it("every parent is a concept of its own, and no concept is its own ancestor", () => {
    const parents = conceptParents();
    for (const [concept, ofConcept] of parents) {
      for (const parent of ofConcept) expect(parents.has(parent), `${concept} → ${parent}`).toBe(true);
      expect(ancestorsOf(concept).has(concept), concept).toBe(false);
    }
  });

  it("no name or alias names two concepts", () => {
    const owner = new Map<string, string>();
    for (const entries of Object.values(ENTRY_FAMILIES)) {
      for (const entry of entries) {
        for (const name of [entry.concept, ...(entry.aliases ?? [])]) {
          const key = normalizeSkill(name);
          const known = owner.get(key);
          expect(
            known === undefined || known === entry.concept,
            `${name}: ${known} and ${entry.concept}`,
          ).toBe(true);
          owner.set(key, entry.concept);
        }
      }
    }
  });

  it("every entry that adds terms names a concept some entry defines", () => {
    const names = new Set(conceptParents().keys());
    for (const entries of Object.values(ENTRY_FAMILIES)) {
      for (const entry of entries) expect(names.has(normalizeSkill(entry.concept)), entry.concept).toBe(true);
    }
  });
});

describe("reading words", () => {
  it("case and punctuation never decide a match", () => {
    expect(termWords("redirect_uri_MISMATCH")).toEqual(termWords("Redirect URI mismatch"));
    expect(termWords("ERROR 1045 (28000)")).toEqual(["error", "1045", "28000"]);
    expect(termWords("C# and C++ on .NET")).toEqual(["csharp", "and", "cplusplus", "on", "dotnet"]);
  });

  it("a path keeps its slash, so /var is not the word var", () => {
    expect(termWords("df shows /var/log full")).toEqual(["df", "shows", "/var", "/log", "full"]);
    expect(pointedAt("var x = 1 fails in my script")).not.toContain("Linux");
  });
});

describe("languages: libraries and frameworks point at their language", () => {
  it.each([
    ["Django migration traceback", "manage.py migrate fails", "Python"],
    ["pandas read_csv runs out of memory", "", "Pandas"],
    ["Spring Boot app fails to start", "", "Spring"],
    ["Laravel queue stuck", "php artisan queue:work shows nothing", "Laravel"],
    ["Rails console hangs", "", "Rails"],
    ["webpack build broken", "after npm update", "JavaScript"],
    ["goroutine leak", "pprof shows blocked goroutines", "Go"],
    ["EF Core migration fails", "Update-Database throws", "Entity Framework"],
  ])("%s → %s", (title, description, concept) => {
    expect(pointedAt(title, description)).toContain(concept);
  });

  it("a framework's language is its ancestor", () => {
    expect(relateConcepts("django", "python")).toEqual({ kind: "broader", distance: 1 });
    expect(relateConcepts("express", "javascript")).toEqual({ kind: "broader", distance: 2 });
  });

  it("ordinary words that are language names do not count", () => {
    expect(pointedAt("Links go to the website", "Let's go")).not.toContain("Go");
    expect(pointedAt("Swift reply please", "")).not.toContain("Swift");
    expect(pointedAt("Java coffee machine", "")).not.toContain("JavaScript");
  });
});

describe("platforms: devices and systems point at their platform", () => {
  it.each([
    ["Galaxy phone cannot sync", "", "Android"],
    ["App crashes on Pixel", "logcat shows an exception", "Android"],
    ["TestFlight build stuck", "Xcode archive uploaded", "iOS"],
    ["Disk full on /var", "df -h shows 100%", "Linux"],
    ["BitLocker asks for the recovery key", "", "Windows"],
    ["MacBook will not update", "", "macOS"],
    ["Printer prints blank pages", "", "Printers"],
    ["Docking station ports dead", "", "Hardware"],
  ])("%s → %s", (title, description, concept) => {
    expect(strongest(title, description)).toBe(concept);
  });

  it("a Galaxy phone is Android, which is Mobile", () => {
    expect(relateConcepts("android", "mobile")).toEqual({ kind: "broader", distance: 1 });
    expect(relateConcepts("mobile", "android")).toEqual({ kind: "narrower", distance: 1 });
  });

  it("a MAC address is networking, not a Mac", () => {
    expect(strongest("Duplicate MAC address on the LAN")).toBe("Networking");
  });
});

describe("domains: products and protocols point at their domain", () => {
  it.each([
    ["pg_dump takes hours", "", "PostgreSQL"],
    ["mysqldump locks tables", "", "MySQL"],
    ["OAuth redirect_uri mismatch", "", "Authentication"],
    ["DKIM fails for our domain", "", "Email"],
    ["Stripe renewal failed", "", "Billing"],
    ["kubectl cannot reach the cluster", "", "Kubernetes"],
    ["Dockerfile build cache ignored", "", "Docker"],
    ["S3 bucket access", "", "AWS"],
    ["Jenkins job hangs", "", "CI/CD"],
    ["git push rejected", "non-fast-forward", "Git"],
  ])("%s → %s", (title, description, concept) => {
    expect(strongest(title, description)).toBe(concept);
  });

  it.each([
    ["GlobalProtect will not connect", "", "VPN"],
    ["Desk phone has no dial tone", "", "Telephony"],
    ["My payslip shows the wrong tax code", "", "Human Resources"],
    ["Parcel arrived damaged", "The tracking number says delivered", "Orders"],
    ["vCenter shows the host disconnected", "", "Virtualization"],
    ["Veeam backup job failed", "", "Backup"],
  ])("%s → %s", (title, description, concept) => {
    expect(strongest(title, description)).toBe(concept);
  });

  it("a word that names a domain only in passing does not count", () => {
    expect(pointedAt("Logstash is shipping logs", "The function returns null")).not.toContain("Orders");
    expect(pointedAt("Browser extension crashes", "")).not.toContain("Telephony");
  });

  it("PostgreSQL is a database", () => {
    expect(relateConcepts("database", "postgresql")).toEqual({ kind: "narrower", distance: 1 });
  });

  it("a common word of a domain is only a hint", () => {
    const [evidence] = readConceptEvidence("", "We need a new table");
    expect(evidence?.name).toBe("Database");
    expect(evidence?.weight).toBeLessThan(0.5);
  });
});

describe("symptoms point at the area that fixes them", () => {
  it.each([
    ["The printer has a paper jam", "", "Printers"],
    ["I was charged twice", "", "Billing"],
    ["No space left on device", "", "Linux"],
    ["Replication lag on reports", "", "Database"],
    ["Cannot log in since this morning", "", "Authentication"],
    ["Ransom note on the share", "asking for bitcoin", "Security"],
  ])("%s → %s", (title, description, concept) => {
    expect(strongest(title, description)).toBe(concept);
  });

  it("how the requester wants an answer points at nothing", () => {
    expect(pointedAt("Printer offline", "Please confirm by email. Sent from my iPhone")).toEqual([
      "Printers",
    ]);
  });
});

describe("error codes and messages point at their area", () => {
  it.each([
    ["502 from the load balancer", "", "Networking"],
    ["ModuleNotFoundError on start", "", "Python"],
    ["java.lang.NullPointerException in batch", "", "Java"],
    ["Install fails with 0x80070005", "", "Windows"],
    ["Mail bounces", "550 5.1.1 user unknown", "Email"],
    ["Sign-in error AADSTS50011", "", "Azure"],
    ["ORA-00942 table or view does not exist", "", "Oracle"],
    ["ERROR 1045 (28000): Access denied for user", "", "MySQL"],
    ["Pods in CrashLoopBackOff", "", "Kubernetes"],
    ["panic: runtime error: invalid memory address", "", "Go"],
  ])("%s → %s", (title, description, concept) => {
    expect(strongest(title, description)).toBe(concept);
  });

  it("a code inside a longer number is not the code", () => {
    expect(pointedAt("Order 15021 shipped late")).not.toContain("Networking");
  });
});

describe("staff skills find their concept", () => {
  it("by name or alias, whatever the spelling", () => {
    expect(conceptOfSkill("Postgres")).toBe("postgresql");
    expect(conceptOfSkill("k8s")).toBe("kubernetes");
    expect(conceptOfSkill("Ruby on Rails")).toBe("rails");
    expect(conceptOfSkill("DB")).toBe("database");
  });

  it("through the catalogue's aliases, and not at all for a skill the ontology does not know", () => {
    expect(conceptOfSkill("Data team", ["postgres"])).toBe("postgresql");
    expect(conceptOfSkill("Payroll")).toBeUndefined();
  });
});

describe("skills a ticket implies, in the installation's names", () => {
  const skills = ["Python", "Postgres", "Mobile", "Printers"];

  it("names the concept's own skill, else the nearest broader one, never a narrower one", () => {
    expect(impliedSkills({ title: "pg_dump takes hours", description: "" }, skills, [])).toEqual([
      "Postgres",
    ]);
    expect(impliedSkills({ title: "Django traceback", description: "" }, skills, [])).toEqual(["Python"]);
    expect(impliedSkills({ title: "Galaxy phone cannot sync", description: "" }, skills, [])).toEqual([
      "Mobile",
    ]);
    expect(impliedSkills({ title: "Database is slow", description: "" }, skills, [])).toEqual([]);
  });

  it("leaves out skills listed already and what hints alone suggest", () => {
    expect(impliedSkills({ title: "pg_dump takes hours", description: "" }, skills, ["PostgreSQL"])).toEqual(
      [],
    );
    expect(impliedSkills({ title: "We need a new table", description: "" }, ["Database"], [])).toEqual([]);
  });
});
