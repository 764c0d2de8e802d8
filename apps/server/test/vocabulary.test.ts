import type { Ticket } from "@helpdesk/contracts";
import { BUILT_IN_CATEGORIES } from "@helpdesk/contracts/constants";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";
import { waitFor } from "./wait-for.ts";

/** The admin-managed vocabulary, through the API on a real database, as staff and triage see it. */

let t: TestApp;
let requester: Session;
let moderator: Session;
beforeAll(async () => {
  t = await createTestApp({}, { worker: true, triageRefreshMs: 0 });
  requester = await t.signUp();
  moderator = await t.signUp("moderator");
});
afterAll(() => t.close());

const admin = () => t.admin;

async function call(
  session: Session | null,
  method: "GET" | "POST" | "PATCH" | "PUT",
  url: string,
  payload?: object,
) {
  return t.request(session, { method, url, ...(payload && { payload }) });
}

async function triaged(title: string, description: string): Promise<Ticket> {
  const filed = await t.fileTicket(requester, title, description);
  return waitFor(async () => {
    const { ticket } = (await call(admin(), "GET", `/api/tickets/${filed._id}`)).json();
    return ticket.triage ? (ticket as Ticket) : undefined;
  });
}

const DEFAULT_THRESHOLDS = { priority: 0, category: 0.5, type: 0, relatedSkills: 0 };

async function setThreshold(threshold: number | typeof DEFAULT_THRESHOLDS) {
  const reviewThresholds =
    typeof threshold === "number"
      ? { priority: threshold, category: threshold, type: threshold, relatedSkills: threshold }
      : threshold;
  const reply = await call(admin(), "PUT", "/api/admin/settings/triage", { reviewThresholds });
  expect(reply.statusCode).toBe(200);
}

async function categoryId(name: string): Promise<string> {
  const { categories } = (await call(admin(), "GET", "/api/admin/categories?include=all")).json();
  return categories.find((category: { name: string }) => category.name === name)._id;
}

describe("categories", () => {
  it("a fresh installation offers the built-in categories, in order", async () => {
    const reply = await call(admin(), "GET", "/api/admin/categories");
    expect(reply.statusCode).toBe(200);
    expect(reply.json().categories.map((category: { name: string }) => category.name)).toEqual([
      ...BUILT_IN_CATEGORIES,
    ]);
    expect((await call(moderator, "GET", "/api/vocabulary")).json().categories).toEqual([
      ...BUILT_IN_CATEGORIES,
    ]);
  });

  it("only an admin manages them, and a name taken in any case is a 409", async () => {
    expect((await call(moderator, "POST", "/api/admin/categories", { name: "Travel" })).statusCode).toBe(403);
    expect((await call(null, "GET", "/api/admin/categories")).statusCode).toBe(401);
    const duplicate = await call(admin(), "POST", "/api/admin/categories", { name: "  billing " });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({
      error: "duplicate_name",
      message: expect.stringContaining("billing"),
    });
    const blank = await call(admin(), "POST", "/api/admin/categories", { name: "   " });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().message).toBeTruthy();
  });

  it("a category an admin adds is chosen for the ticket it fits", async () => {
    // A category with no history behind it is chosen with modest confidence: here every field is
    // applied, so what is tested is the label space (gating has its own tests below).
    await setThreshold(0);
    try {
      const added = await call(admin(), "POST", "/api/admin/categories", { name: "Shipping" });
      expect(added.statusCode).toBe(201);
      expect(added.json().category).toMatchObject({ name: "Shipping", retiredAt: null, tickets: 0 });
      const ticket = await triaged(
        "Shipping delayed for two weeks",
        "My parcel's shipping has been delayed; the courier tracking number shows no shipment updates.",
      );
      expect(ticket.category).toBe("Shipping");
    } finally {
      await setThreshold(DEFAULT_THRESHOLDS);
    }
  });

  it("a retired category is no longer chosen but stays on its tickets", async () => {
    const before = await triaged(
      "Charged twice on my invoice",
      "My credit card was billed twice for the invoice.",
    );
    expect(before.category).toBe("Billing");
    const retired = await call(admin(), "PATCH", `/api/admin/categories/${await categoryId("Billing")}`, {
      retired: true,
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().category.retiredAt).not.toBeNull();
    const after = await triaged(
      "Charged twice on my invoice",
      "My credit card was billed twice for the invoice.",
    );
    expect(after.category).not.toBe("Billing");
    expect((await call(admin(), "GET", `/api/tickets/${before._id}`)).json().ticket.category).toBe("Billing");
    const offered = (await call(moderator, "GET", "/api/vocabulary")).json().categories;
    expect(offered).not.toContain("Billing");
    await call(admin(), "PATCH", `/api/admin/categories/${await categoryId("Billing")}`, { retired: false });
  });

  it("a rename moves the tickets filed under it, with the change in their history", async () => {
    const ticket = await triaged(
      "VPN keeps dropping",
      "The office VPN and wifi network disconnect every hour.",
    );
    expect(ticket.category).toBe("Network");
    const renamed = await call(admin(), "PATCH", `/api/admin/categories/${await categoryId("Network")}`, {
      name: "Networking",
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().category.tickets).toBeGreaterThanOrEqual(1);
    expect((await call(admin(), "GET", `/api/tickets/${ticket._id}`)).json().ticket.category).toBe(
      "Networking",
    );
    const { events } = (await call(admin(), "GET", `/api/tickets/${ticket._id}/events`)).json();
    expect(events.at(-1)).toMatchObject({
      kind: "updated",
      actor: { email: t.admin.email },
      data: { changes: { category: { from: "Network", to: "Networking" } } },
    });
    const clash = await call(admin(), "PATCH", `/api/admin/categories/${await categoryId("Networking")}`, {
      name: "HARDWARE",
    });
    expect(clash.statusCode).toBe(409);
  });
});

describe("the skills catalogue", () => {
  it("refuses an unknown skill with a 400 naming it, until an admin adds it", async () => {
    const person = await t.signUp("moderator");
    const refused = await call(admin(), "PATCH", `/api/users/${person.user._id}`, { skills: ["Kubernets"] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: "unknown_skills",
      message: expect.stringContaining("Kubernets"),
    });
    const ticket = await t.fileTicket(requester, "Cluster pods restart", "Pods restart all day.");
    const onTicket = await call(moderator, "PATCH", `/api/tickets/${ticket._id}`, {
      relatedSkills: ["Kubernets"],
    });
    expect(onTicket.statusCode).toBe(400);
    expect(onTicket.json().message).toContain("Kubernets");

    const added = await call(admin(), "POST", "/api/admin/skills", {
      name: "Kubernetes",
      aliases: ["k8s", "Kubernets"],
    });
    expect(added.statusCode).toBe(201);
    const saved = await call(admin(), "PATCH", `/api/users/${person.user._id}`, { skills: ["k8s"] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().user.skills).toEqual(["Kubernetes"]);
    const tagged = await call(moderator, "PATCH", `/api/tickets/${ticket._id}`, {
      relatedSkills: ["kubernets"],
    });
    expect(tagged.json().ticket.relatedSkills).toEqual(["Kubernetes"]);
  });

  it("an alias that already means another skill is a 409", async () => {
    await call(admin(), "POST", "/api/admin/skills", { name: "PostgreSQL", aliases: ["Postgres"] });
    const clash = await call(admin(), "POST", "/api/admin/skills", {
      name: "Databases",
      aliases: ["postgres"],
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().message).toContain("PostgreSQL");
  });

  it("the original API's sign-up and update-user add skills the catalogue lacks, as before", async () => {
    const signup = await call(null, "POST", "/api/auth/signup", {
      email: "original-client@example.com",
      password: "a-good-password",
      skills: ["Fortran"],
    });
    expect(signup.statusCode).toBe(201);
    expect(signup.json().user.skills).toEqual(["Fortran"]);
    const update = await call(admin(), "POST", "/api/auth/update-user", {
      email: "original-client@example.com",
      skills: ["Fortran", "COBOL"],
    });
    expect(update.json()).toEqual({ message: "User updated" });
    const names = (await call(admin(), "GET", "/api/admin/skills"))
      .json()
      .skills.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(["Fortran", "COBOL"]));
  });

  it("a renamed skill moves with the staff and tickets that carry it, and its old name still finds it", async () => {
    const person = await t.signUp("moderator", { skills: ["Exchange"] });
    const ticket = await t.fileTicket(requester, "Mailbox full", "My mailbox is full.");
    await call(moderator, "PATCH", `/api/tickets/${ticket._id}`, { relatedSkills: ["Exchange"] });
    const { skills } = (await call(admin(), "GET", "/api/admin/skills")).json();
    const exchange = skills.find((skill: { name: string }) => skill.name === "Exchange");
    const renamed = await call(admin(), "PATCH", `/api/admin/skills/${exchange._id}`, {
      name: "Microsoft Exchange",
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().skill).toMatchObject({
      name: "Microsoft Exchange",
      aliases: ["Exchange"],
      staff: 1,
    });
    const users = (await call(admin(), "GET", "/api/auth/users")).json();
    expect(users.find((user: { _id: string }) => user._id === person.user._id).skills).toEqual([
      "Microsoft Exchange",
    ]);
    expect((await call(admin(), "GET", `/api/tickets/${ticket._id}`)).json().ticket.relatedSkills).toEqual([
      "Microsoft Exchange",
    ]);
    const again = await call(admin(), "PATCH", `/api/users/${person.user._id}`, { skills: ["exchange"] });
    expect(again.json().user.skills).toEqual(["Microsoft Exchange"]);
  });
});

describe("confidence gating", () => {
  it("leaves a field below the threshold for a person, shows it in the list, and clears it once set", async () => {
    await setThreshold(1);
    try {
      const ticket = await triaged("Printer jams", "The printer on floor 3 jams on every page.");
      expect(ticket.category).toBeNull();
      expect(ticket.triage?.needsReview).toEqual(expect.arrayContaining(["category", "priority", "type"]));
      // Routing does not wait for the category.
      const routed = await waitFor(async () => {
        const { ticket: now } = (await call(admin(), "GET", `/api/tickets/${ticket._id}`)).json();
        return now.assignment ? (now as Ticket) : undefined;
      });
      expect(routed.assignment).not.toBeNull();

      const list = (await call(moderator, "GET", "/api/tickets?needsReview=true")).json().tickets as Ticket[];
      const listed = list.find((item) => item._id === ticket._id);
      expect(listed?.triage?.needsReview).toContain("category");
      expect(list.every((item) => (item.triage?.needsReview?.length ?? 0) > 0)).toBe(true);

      const set = await call(moderator, "PATCH", `/api/tickets/${ticket._id}`, { category: "Hardware" });
      expect(set.json().ticket.triage.needsReview).not.toContain("category");
      expect(set.json().ticket.triage.needsReview).toContain("priority");
      const mine = (await call(requester, "GET", `/api/tickets/${ticket._id}`)).json().ticket;
      expect(mine.triage).toBeNull();
    } finally {
      await setThreshold(DEFAULT_THRESHOLDS);
    }
  });

  it("applies every field at threshold 0", async () => {
    await setThreshold(0);
    try {
      const ticket = await triaged("Printer jams", "The printer on floor 3 jams on every page.");
      expect(ticket.category).not.toBeNull();
      expect(ticket.triage?.needsReview).toBeUndefined();
    } finally {
      await setThreshold(DEFAULT_THRESHOLDS);
    }
  });

  it("refuses a threshold outside 0..1 and shows the defaults to an admin only", async () => {
    const tooHigh = { reviewThresholds: { ...DEFAULT_THRESHOLDS, category: 2 } };
    const refused = await call(admin(), "PUT", "/api/admin/settings/triage", tooHigh);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBeTruthy();
    expect((await call(admin(), "GET", "/api/admin/settings/triage")).json()).toEqual({
      reviewThresholds: DEFAULT_THRESHOLDS,
    });
    expect((await call(moderator, "GET", "/api/admin/settings/triage")).statusCode).toBe(403);
  });
});
