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
 * The admin's vocabulary in a real browser against the real product: categories and skills added on
 * their pages, the review threshold raised, and a ticket triage was unsure of shown as needing review.
 */
const PASSWORD = "correct horse battery";
const ADMIN = "ada.admin@example.test";
const REQUESTER = "rosa.requester@example.test";

let product: Product;
let browser: Browser;
let admin: Person;
let requesterToken = "";

async function signUpByApi(email: string): Promise<string> {
  const response = await fetch(`${product.baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (response.status !== 201)
    throw new Error(`signup ${email}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

async function signIn(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/tickets");
  await settled(page);
}

describe.skipIf(browserUnavailable())("the admin's vocabulary, in the browser", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    product = await startProduct();
    browser = await launchBrowser();
    await signUpByApi(ADMIN); // the first account of the installation: an admin
    requesterToken = await signUpByApi(REQUESTER);
    admin = await openPerson(browser, product.baseUrl);
    await signIn(admin.page, ADMIN);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it("an admin adds a category beside the built-in ones and sets when a field waits for review", async () => {
    const { page } = admin;
    await page.getByRole("link", { name: "Categories" }).first().click();
    await page.waitForURL("**/admin/categories");
    await settled(page);
    await expect.poll(() => page.getByRole("listitem", { name: "Billing" }).count()).toBe(1);
    await page.getByLabel("New category").fill("Shipping");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("listitem", { name: "Shipping" }).waitFor();

    await page.getByLabel(/Category below/).fill("100");
    await page.getByRole("button", { name: "Save thresholds" }).click();
    await page.getByText("Saved.").waitFor();
    await screenshotEverywhere(page, "admin-categories");
    expect(admin.problems).toEqual([]);
  }, 120_000);

  it("an admin adds a skill with its other spellings", async () => {
    const { page } = admin;
    await page.goto("/admin/skills");
    await settled(page);
    await page.getByLabel("New skill").fill("Kubernetes");
    await page.getByLabel("Also written as").first().fill("k8s, kube");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const row = page.getByRole("listitem", { name: "Kubernetes" });
    await row.waitFor();
    expect(await row.getByLabel("Aliases of Kubernetes").inputValue()).toBe("k8s, kube");
    await screenshotEverywhere(page, "admin-skills");
    expect(admin.problems).toEqual([]);
  }, 120_000);

  it("a ticket whose category triage was unsure of shows as needing review in the list", async () => {
    const filed = await fetch(`${product.baseUrl}/api/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${requesterToken}` },
      body: JSON.stringify({
        title: "Printer jams",
        description: "The printer on floor 3 jams on every page.",
      }),
    });
    expect(filed.status).toBe(201);
    const { page } = admin;
    await page.goto("/tickets?needsReview=true");
    await settled(page);
    await expect
      .poll(async () => page.getByText("Needs review: category").first().isVisible(), { timeout: 20_000 })
      .toBe(true);
    await screenshotEverywhere(page, "tickets-needs-review");
    await page.getByRole("link", { name: "Printer jams" }).first().click();
    await settled(page);
    await page.getByText("Needs review").first().waitFor();
    await screenshotEverywhere(page, "ticket-needs-review");
    expect(admin.problems).toEqual([]);
  }, 120_000);
});
