import { mkdirSync, readFileSync } from "node:fs";
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
  signIn,
  signUpByApi,
  startProduct,
} from "./product.ts";

/**
 * Files both ways in a real browser against the real product: a requester pastes a screenshot into
 * a new ticket, the team sees it and answers with a file and an internal note with another, and the
 * requester gets the reply's file and never the note's.
 */
const PASSWORD = "correct horse battery";
const STAFF = "sam.staff@example.test";
const REQUESTER = "rosa.requester@example.test";
const TITLE = "Invoice page shows an error";
const STEPS = "1. Clear the cache\n2. Sign in again\n";

let product: Product;
let browser: Browser;
let requester: Person;
let staff: Person;
let ticketPath = "";
let screenshot: Buffer;

/** A picture drawn in place, from the bytes the API served: loaded and with a size. */
const pictureShown = (page: Page, name: string) =>
  page
    .getByRole("img", { name })
    .evaluate(
      (image: HTMLImageElement) => image.complete && image.naturalWidth > 0 && image.src.startsWith("blob:"),
    )
    .catch(() => false);

describe.skipIf(browserUnavailable())("files on tickets and replies, in the browser", () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    product = await startProduct();
    browser = await launchBrowser();
    await signUpByApi(product.baseUrl, STAFF, PASSWORD); // the first account of the installation: an admin
    await signUpByApi(product.baseUrl, REQUESTER, PASSWORD);
    requester = await openPerson(browser, product.baseUrl);
    staff = await openPerson(browser, product.baseUrl);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });

  it("a requester pastes a screenshot into a new ticket and sees it on the ticket", async () => {
    const { page } = requester;
    await signIn(page, REQUESTER, PASSWORD);
    // A real screenshot of the page, pasted as a person would from the clipboard.
    screenshot = await page.screenshot({ clip: { x: 0, y: 0, width: 480, height: 240 } });
    await page.getByRole("button", { name: "New ticket" }).click();
    await page.getByLabel("Title").fill(TITLE);
    const description = page.getByLabel("Description");
    await description.fill("Opening an invoice shows the error in the screenshot.");
    await description.evaluate(
      (box, bytes) => {
        const clipboard = new DataTransfer();
        clipboard.items.add(new File([new Uint8Array(bytes)], "image.png", { type: "image/png" }));
        box.dispatchEvent(
          new ClipboardEvent("paste", { clipboardData: clipboard, bubbles: true, cancelable: true }),
        );
      },
      [...screenshot],
    );
    await expect
      .poll(() => page.getByRole("list", { name: "Files to attach" }).textContent())
      .toContain("image.png");
    await screenshotEverywhere(page, "20-new-ticket-with-file", { keepState: true });

    await page.getByRole("button", { name: "File ticket" }).click();
    await page.waitForURL(/\/tickets\/[^/]+$/);
    ticketPath = new URL(page.url()).pathname;
    await expect.poll(() => pictureShown(page, "image.png"), { timeout: 15_000 }).toBe(true);
    expect(requester.problems).toEqual([]);
  });

  it("the team sees the requester's picture, and answers with a file and an internal note with another", async () => {
    const { page } = staff;
    await signIn(page, STAFF, PASSWORD);
    await page.goto(ticketPath);
    await settled(page);
    await expect.poll(() => pictureShown(page, "image.png"), { timeout: 15_000 }).toBe(true);

    await page.getByLabel("Internal note").check();
    await page.getByLabel("Reply").fill("Their account has a stale session; log attached.");
    await page.getByLabel("Attach files", { exact: true }).setInputFiles({
      name: "session-log.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("session 42 expired\n"),
    });
    await page.getByRole("button", { name: "Add note" }).click();
    await expect.poll(() => page.getByRole("button", { name: /session-log\.txt/ }).isVisible()).toBe(true);

    await page.getByLabel("Internal note").uncheck();
    await page.getByLabel("Reply").fill("Please follow the steps in the file.");
    await page.getByLabel("Attach files", { exact: true }).setInputFiles({
      name: "steps.txt",
      mimeType: "text/plain",
      buffer: Buffer.from(STEPS),
    });
    await expect
      .poll(() => page.getByRole("list", { name: "Files to attach" }).textContent())
      .toContain("steps.txt");
    await page.getByRole("button", { name: "Send reply" }).click();
    await expect.poll(() => page.getByRole("button", { name: /steps\.txt/ }).isVisible()).toBe(true);
    await settled(page);
    await screenshotEverywhere(page, "21-ticket-files-staff");
    expect(staff.problems).toEqual([]);
  });

  it("the requester downloads the reply's file, byte for byte, and never sees the note's", async () => {
    const { page } = requester;
    await page.goto(ticketPath);
    await settled(page);
    const download = page.getByRole("button", { name: /steps\.txt/ });
    await expect.poll(() => download.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByText("session-log.txt").count()).toBe(0);

    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    expect(file.suggestedFilename()).toBe("steps.txt");
    expect(readFileSync(await file.path()).toString()).toBe(STEPS);
    await screenshotEverywhere(page, "22-ticket-files-requester");
    expect(requester.problems).toEqual([]);
  });
});
