import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
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
  startProduct,
} from "./product.ts";

/**
 * The whole help desk from the browser, as its three kinds of people use it, against `npm start` on a
 * new data directory: no API calls from the test, only what a person can click and type.
 */
const PASSWORD = "correct horse battery";
const ADMIN = "admin@example.test";
const MODERATOR = "nadia.network@example.test";
const USER = "ulla.user@example.test";
const TITLE = "VPN disconnects every few minutes";

let product: Product;
let browser: Browser;
const people: Person[] = [];
let admin: Person;
let moderator: Person;
let user: Person;
let ticketPath = "";

async function signUp(page: Page, email: string) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL("**/tickets");
}

describe.skipIf(browserUnavailable())("the help desk in a browser", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    product = await startProduct();
    browser = await launchBrowser();
    for (let index = 0; index < 3; index++) people.push(await openPerson(browser, product.baseUrl));
    [admin, moderator, user] = people as [Person, Person, Person];
  });

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it("a new installation opens on its set-up screen, which makes the administrator", async () => {
    const { page } = admin;
    await page.goto("/tickets");
    await page.waitForURL("**/setup");
    await page.goto("/signin");
    await page.waitForURL("**/setup");
    await expect.poll(() => page.getByRole("heading", { name: "Set up Helpdesk" }).isVisible()).toBe(true);
    expect(await page.title()).toBe("Set up Helpdesk · Helpdesk");
    await screenshotEverywhere(page, "00-setup");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create the administrator account" }).click();
    await expect.poll(() => page.getByText("Enter a valid email address").isVisible()).toBe(true);
    await page.getByLabel("Email").fill(ADMIN);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create the administrator account" }).click();
    await page.waitForURL("**/tickets");
    await expect.poll(() => page.getByRole("link", { name: "Dashboard" }).first().isVisible()).toBe(true);
  });

  it("shows sign-in and sign-up errors from the server beside the fields", async () => {
    const { page } = moderator;
    await page.goto("/tickets");
    await page.waitForURL("**/signin");
    await screenshotEverywhere(page, "01-sign-in");
    await page.goto("/setup");
    await page.waitForURL("**/signin");
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect.poll(() => page.getByText("Enter a valid email address").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("Password must be at least 8 characters").isVisible()).toBe(true);
    await screenshotEverywhere(page, "02-sign-up-errors", { keepState: true });
  });

  it("a second person signs up and the admin makes them a moderator", async () => {
    await signUp(moderator.page, MODERATOR);

    const { page } = admin;
    await page.goto("/admin/users");
    const row = page.getByRole("listitem", { name: MODERATOR });
    await row.getByLabel(`Role of ${MODERATOR}`).selectOption("moderator");
    const skills = row.getByLabel(`Skills of ${MODERATOR}: add one`);
    for (const skill of ["Networking", "VPN"]) {
      await skills.fill(skill);
      await skills.press("Enter");
      // New to the catalogue: the admin's Enter adds it there first, then takes the tag.
      await expect
        .poll(() => row.getByRole("button", { name: `Remove ${skill}` }).isVisible(), { timeout: 10_000 })
        .toBe(true);
    }
    // A name typed half-way is offered as the catalogue's skill or as a new one, never saved as
    // typed: Networking joined the catalogue above, through the admin's "Add" entry, and is offered
    // for the admin's own skills too.
    const mine = page.getByRole("listitem", { name: ADMIN });
    const ownSkills = mine.getByLabel(`Skills of ${ADMIN}: add one`);
    await ownSkills.pressSequentially("netw");
    await expect
      .poll(() => mine.getByRole("option", { name: "Networking" }).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect
      .poll(() => mine.getByRole("option", { name: "Add “netw” to the catalogue" }).isVisible())
      .toBe(true);
    await screenshotEverywhere(page, "03-admin-users-skill-choices", { keepState: true });
    await ownSkills.press("Escape");
    await ownSkills.press("Escape");
    await row.getByRole("button", { name: `Save ${MODERATOR}` }).click();
    await expect.poll(() => row.getByText("Saved.").isVisible()).toBe(true);
    await page.reload();
    await expect
      .poll(() => page.getByRole("listitem", { name: MODERATOR }).getByText("Networking").isVisible())
      .toBe(true);
    await screenshotEverywhere(page, "03-admin-users");
  });

  it("a user files a ticket and sees it triaged and assigned without reloading", async () => {
    const { page } = user;
    await signUp(page, USER);
    await screenshotEverywhere(page, "04-tickets-empty");
    await page.getByRole("button", { name: "New ticket" }).click();
    await page.getByRole("button", { name: "File ticket" }).click();
    await expect.poll(() => page.getByText("Title is required").isVisible()).toBe(true);
    await screenshotEverywhere(page, "04-new-ticket-errors", { keepState: true });
    await page.getByLabel("Title").fill(TITLE);
    await page
      .getByLabel("Description")
      .fill(
        "Since this morning the VPN connection drops every few minutes when I work from home. I cannot reach the file server.",
      );
    await page.getByRole("button", { name: "File ticket" }).click();
    await page.waitForURL(/\/tickets\/[^/]+$/);
    ticketPath = new URL(page.url()).pathname;

    // The pipeline triages and routes after the reply; the open page learns of it over the live stream.
    await expect.poll(() => page.getByText(MODERATOR).first().isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId("live-status").textContent()).toBe("Live");
    await screenshotEverywhere(page, "05-ticket-user");

    await page.goto("/tickets");
    await expect.poll(() => page.getByRole("link", { name: TITLE }).first().isVisible()).toBe(true);
    await screenshotEverywhere(page, "06-tickets-user");
  });

  it("the moderator finds it in their queue and works it: internal note, public reply, resolve", async () => {
    const { page } = moderator;
    await page.reload();
    await page.goto("/queue");
    await page.getByRole("link", { name: TITLE }).first().click();
    await page.waitForURL(`**${ticketPath}`);
    await settled(page);
    await screenshotEverywhere(page, "07-ticket-moderator");

    await page.getByLabel("Internal note").check();
    await page
      .getByLabel("Reply")
      .fill("Checked the VPN gateway logs: the client drops on rekey. Not for the user yet.");
    await page.getByRole("button", { name: "Add note" }).click();
    await expect.poll(() => page.getByText("Checked the VPN gateway logs").isVisible()).toBe(true);

    await page.getByLabel("Internal note").uncheck();
    await page
      .getByLabel("Reply")
      .fill("Please update your VPN client to 5.2; the disconnects are fixed there.");
    await page.getByRole("button", { name: "Send reply" }).click();
    await expect.poll(() => page.getByText("Please update your VPN client").isVisible()).toBe(true);

    await page.getByLabel("Status").selectOption("RESOLVED");
    await page.getByLabel("Resolution").fill("Updating the VPN client to 5.2 fixes the disconnects.");
    await page.getByRole("button", { name: "Save and resolve" }).click();
    await expect.poll(() => page.getByText("Resolved").first().isVisible()).toBe(true);
    await screenshotEverywhere(page, "08-ticket-moderator-resolved");

    await page.goto("/queue");
    await settled(page);
    await screenshotEverywhere(page, "09-queue");
  });

  it("the user sees the reply and the resolution live, and never the internal note", async () => {
    const { page } = user;
    await page.goto(ticketPath);
    await expect.poll(() => page.getByText("Please update your VPN client").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("Resolved").first().isVisible()).toBe(true);
    expect(await page.getByText("Checked the VPN gateway logs").count()).toBe(0);
    await screenshotEverywhere(page, "10-ticket-user-resolved");
  });

  it("signing out ends the session, and signing in works with the keyboard alone", async () => {
    const { page } = user;
    await page.getByRole("button", { name: USER }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/signin");
    await page.goto(ticketPath);
    await page.waitForURL("**/signin");
    // The email field has focus on arrival (once the form is drawn, which may be after the URL
    // changes); Tab moves to the password, Enter submits.
    await expect
      .poll(() => page.getByLabel("Email").evaluate((field) => field === document.activeElement))
      .toBe(true);
    await page.keyboard.type(USER);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(`**${ticketPath}`);
    await expect.poll(() => page.getByText("Please update your VPN client").isVisible()).toBe(true);
  });

  it("the admin sees the dashboard, the mailbox with the mails sent, and the jobs", async () => {
    const { page } = admin;
    await page.goto("/admin");
    await settled(page);
    await expect.poll(() => page.locator(".recharts-surface").count()).toBeGreaterThan(0);
    await screenshotEverywhere(page, "11-admin-dashboard");

    await page.goto("/admin/mail");
    await expect.poll(() => page.getByText(USER).first().isVisible()).toBe(true);
    await page.getByText(TITLE).first().click();
    await screenshotEverywhere(page, "12-admin-mailbox");

    await page.goto("/admin/jobs");
    await expect.poll(() => page.getByText("ticket.created").first().isVisible()).toBe(true);
    await screenshotEverywhere(page, "13-admin-jobs");

    await page.goto("/tickets");
    await settled(page);
    await screenshotEverywhere(page, "14-tickets-admin");
    await page.goto("/no/such/page");
    await expect.poll(() => page.getByText("This page does not exist").isVisible()).toBe(true);
    await screenshotEverywhere(page, "15-not-found");
  });

  it("the admin disables an account after confirming: it is signed out at once and cannot sign in until enabled", async () => {
    const { page } = admin;
    await page.goto("/admin/users");
    const row = page.getByRole("listitem", { name: USER });
    await row.getByRole("button", { name: `Disable ${USER}` }).click();
    await expect.poll(() => row.getByRole("alertdialog").isVisible()).toBe(true);
    await screenshotEverywhere(page, "16-admin-users-confirm-disable", { keepState: true });
    await row.getByRole("button", { name: "Disable account" }).click();
    await expect.poll(() => row.getByText("Disabled.").isVisible()).toBe(true);
    await screenshotEverywhere(page, "17-admin-users-disabled");

    await user.page.goto("/tickets");
    await user.page.waitForURL("**/signin");
    await user.page.getByLabel("Email").fill(USER);
    await user.page.getByLabel("Password").fill(PASSWORD);
    await user.page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => user.page.getByText("This account is disabled").isVisible()).toBe(true);

    await row.getByRole("button", { name: `Enable ${USER}` }).click();
    await row.getByRole("button", { name: "Enable account" }).click();
    await expect.poll(() => row.getByText("Enabled: they can sign in again.").isVisible()).toBe(true);
    await user.page.getByRole("button", { name: "Sign in" }).click();
    await user.page.waitForURL("**/tickets");
  });

  it("no page reported an error in the browser", () => {
    expect(people.flatMap((person) => person.problems)).toEqual([]);
  });
});
