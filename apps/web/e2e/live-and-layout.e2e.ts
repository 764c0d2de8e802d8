import { mkdirSync } from "node:fs";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserUnavailable,
  launchBrowser,
  openPerson,
  type Person,
  type Product,
  SCREENSHOT_DIR,
  screenshotEverywhere,
  settled,
  signIn,
  startProduct,
  VIEWPORTS,
} from "./product.ts";

/**
 * What an agent's open tab does while the help desk is busy, and pages that hold whatever people
 * type. Requesters file through the API (one of the ways in); what is checked is what the open tab
 * shows and what it asked the server for.
 */
const PASSWORD = "correct horse battery";
const ADMIN = "ada.admin@example.test";
const REQUESTER = "rita.requester@example.test";
const NEWCOMER = "milo.moderator@example.test";

let product: Product;
let browser: Browser;
const people: Person[] = [];
let requesterToken = "";
let adminToken = "";

async function call<T>(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const response = await fetch(`${product.baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok)
    throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const signUpByApi = (email: string) =>
  call<{ token: string }>("/api/auth/signup", { method: "POST", body: { email, password: PASSWORD } });

const signInAs = (page: Page, email: string) => signIn(page, email, PASSWORD);

const alsoHere = (page: Page) => page.getByRole("status").filter({ hasText: "Also here:" });

const isTicketList = (request: Request) =>
  request.method() === "GET" && new URL(request.url()).pathname === "/api/tickets";

describe.skipIf(browserUnavailable())("a busy help desk in an open tab", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    product = await startProduct();
    browser = await launchBrowser();
    adminToken = (await signUpByApi(ADMIN)).token;
    requesterToken = (await signUpByApi(REQUESTER)).token;
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it("ten tickets filed meanwhile reach an open list without a refetch per event or a failed request", async () => {
    const admin = await openPerson(browser, product.baseUrl);
    people.push(admin);
    await signInAs(admin.page, ADMIN);
    await expect.poll(() => admin.page.getByTestId("live-status").textContent()).toBe("Live");

    const listFetches: Request[] = [];
    const failed: string[] = [];
    admin.page.on("request", (request) => isTicketList(request) && listFetches.push(request));
    admin.page.on("requestfailed", (request) =>
      failed.push(`${request.url()}: ${request.failure()?.errorText}`),
    );

    const titles = Array.from(
      { length: 10 },
      (_, index) => `Printer on floor ${index + 1} jams on every job`,
    );
    for (const title of titles)
      await call("/api/tickets", {
        method: "POST",
        token: requesterToken,
        body: { title, description: "The paper jams in the tray on every print job since this morning." },
      });

    for (const title of titles)
      await expect
        .poll(() => admin.page.getByRole("link", { name: title }).first().isVisible(), { timeout: 30_000 })
        .toBe(true);
    // Each ticket is created, triaged, given a due date and assigned: dozens of events for one list.
    await expect
      .poll(
        async () =>
          (
            await call<{ tickets: { assignedTo: unknown }[] }>("/api/tickets?limit=20", {
              token: adminToken,
            })
          ).tickets.filter((ticket) => ticket.assignedTo).length,
        { timeout: 30_000 },
      )
      .toBe(10);
    await admin.page.waitForLoadState("networkidle");

    console.log(`ten tickets filed: the open list fetched GET /api/tickets ${listFetches.length} times`);
    expect(failed).toEqual([]);
  });

  it("a 200-character title without spaces stays inside the phone list and the ticket page", async () => {
    const title = "x".repeat(200);
    const { ticket } = await call<{ ticket: { _id: string } }>("/api/tickets", {
      method: "POST",
      token: requesterToken,
      body: { title, description: `A title pasted from a log line: ${"y".repeat(150)}` },
    });
    const requester = await openPerson(browser, product.baseUrl);
    people.push(requester);
    const { page } = requester;
    await signInAs(page, REQUESTER);

    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.setViewportSize(VIEWPORTS.phone);
    await expect.poll(() => page.getByText(title).filter({ visible: true }).count()).toBe(1);
    expect(await overflow()).toBe(0);

    await page.goto(`/tickets/${ticket._id}`);
    await settled(page);
    const number = await page.locator("h1 span").first().textContent();
    expect(await page.title()).toBe(`${number} ${title} · Helpdesk`);
    expect(await overflow()).toBe(0);
    await page.setViewportSize(VIEWPORTS.desktop);
    // The ticket's own column holds its text: nothing runs under the details beside it.
    const spill = await page.evaluate(
      () =>
        [...document.querySelectorAll("main h1, main p")].filter((element) => {
          const box = element.getBoundingClientRect();
          const column = element.closest("section, header, article")?.getBoundingClientRect();
          return column !== undefined && box.right > column.right + 1;
        }).length,
    );
    expect(spill).toBe(0);
    expect(await overflow()).toBe(0);
  });

  it("a person promoted while their tab is open gets the staff navigation without reloading", async () => {
    const newcomer = await openPerson(browser, product.baseUrl);
    people.push(newcomer);
    const { page } = newcomer;
    await signUpByApi(NEWCOMER);
    await signInAs(page, NEWCOMER);
    await expect.poll(() => page.getByTestId("live-status").textContent()).toBe("Live");
    expect(await page.getByRole("link", { name: "My queue" }).count()).toBe(0);

    await call("/api/auth/update-user", {
      method: "POST",
      token: adminToken,
      body: { email: NEWCOMER, role: "moderator" },
    });

    await expect
      .poll(() => page.getByRole("link", { name: "My queue" }).first().isVisible(), { timeout: 30_000 })
      .toBe(true);
  });

  it("an agent works the list and a ticket from the keyboard", async () => {
    for (const title of ["Monitor flickers after the update", "Keyboard misses keystrokes"])
      await call("/api/tickets", {
        method: "POST",
        token: requesterToken,
        body: { title, description: "It started this morning and happens every few minutes." },
      });
    const agent = await openPerson(browser, product.baseUrl);
    people.push(agent);
    const { page } = agent;
    await signInAs(page, ADMIN);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-shortcut"));

    await page.keyboard.press("/");
    expect(await focused()).toBe("search");
    await page.locator("body").click({ position: { x: 5, y: 300 } });
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    expect(await focused()).toBe("row");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/tickets\/[^/]+$/);
    await page.getByLabel("Reply").waitFor();

    await page.keyboard.press("n");
    expect(await focused()).toBe("reply");
    expect(await page.getByLabel("Internal note").isChecked()).toBe(true);
    await page.keyboard.press("Escape");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("e");
    await expect.poll(focused).toBe("resolution");
    expect(await page.getByLabel("Status").inputValue()).toBe("RESOLVED");

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("?");
    await expect.poll(() => page.getByRole("heading", { name: "Keyboard shortcuts" }).isVisible()).toBe(true);
    await screenshotEverywhere(page, "30-keyboard-shortcuts", { keepState: true });
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("heading", { name: "Keyboard shortcuts" }).count()).toBe(0);
  });

  it("two agents on one ticket see each other, and who is writing a reply, live", async () => {
    const ticket = (
      await call<{ ticket: { _id: string } }>("/api/tickets", {
        method: "POST",
        token: requesterToken,
        body: { title: "Scanner sends blank pages", description: "Every scan arrives as an empty PDF." },
      })
    ).ticket;
    const [first, second] = [
      await openPerson(browser, product.baseUrl),
      await openPerson(browser, product.baseUrl),
    ];
    people.push(first, second);
    await signInAs(first.page, ADMIN);
    await signInAs(second.page, NEWCOMER);
    for (const { page } of [first, second]) {
      await page.goto(`/tickets/${ticket._id}`);
      await page.getByLabel("Reply").waitFor();
    }
    await expect
      .poll(() => alsoHere(first.page).getByText(NEWCOMER).isVisible(), { timeout: 30_000 })
      .toBe(true);
    await second.page.getByLabel("Reply").fill("Checking the scanner's profile now");
    await expect
      .poll(() => alsoHere(first.page).getByText("writing a reply…").isVisible(), { timeout: 30_000 })
      .toBe(true);
    await screenshotEverywhere(first.page, "31-ticket-also-here", { keepState: true });
  });

  it("an agent changes several tickets at once from the list", async () => {
    const agent = await openPerson(browser, product.baseUrl);
    people.push(agent);
    const { page } = agent;
    for (const title of ["Bulk: badge reader offline", "Bulk: door badge refused"])
      await call("/api/tickets", {
        method: "POST",
        token: requesterToken,
        body: { title, description: "The badge reader at the front door does not react." },
      });
    await signInAs(page, ADMIN);
    await page.getByRole("checkbox", { name: "Choose every ticket shown" }).check();
    await page.getByLabel("Set status").selectOption("WAITING");
    const apply = page.getByRole("button", { name: /^Apply to \d+$/ });
    await screenshotEverywhere(page, "32-tickets-bulk", { keepState: true });
    await apply.click();
    await expect.poll(() => page.getByText(/^Changed \d+ tickets\.$/).isVisible()).toBe(true);
    const listed = await call<{ tickets: { status: string }[] }>("/api/tickets?limit=200", {
      token: adminToken,
    });
    expect(listed.tickets.every((ticket) => ticket.status === "WAITING")).toBe(true);
  });

  it("no page reported an error in the browser", () => {
    expect(people.flatMap((person) => person.problems)).toEqual([]);
  });
});
