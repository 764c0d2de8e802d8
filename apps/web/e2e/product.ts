import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { freePort } from "../../server/test/free-port.ts";
import { spawnProcess } from "../../server/test/spawn-process.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Without Chromium a developer's `npm test` skips the browser suite and says so; CI installs Chromium
 * and sets HELPDESK_E2E=required, so there a missing browser fails instead of skipping.
 */
export function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `${CHROMIUM} not found: install it (apt-get install -y chromium) to run the browser tests`;
  if (process.env.HELPDESK_E2E === "required") throw new Error(reason);
  console.warn(`skipping the end-to-end suite: ${reason}`);
  return reason;
}

export type Product = { baseUrl: string; output(): string; stop(): Promise<void> };

/**
 * The product as a person runs it: `npm start` (build, then serve API + worker + web app) on a new,
 * empty data directory. Production mode, so the strict Content-Security-Policy is in force too.
 */
export async function startProduct(): Promise<Product> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-e2e-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  // npm runs the server as its child: a process group of its own, so that stop() ends both.
  const product = spawnProcess("npm", ["start"], {
    cwd: ROOT,
    group: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      JWT_SECRET: "e2e-secret-".repeat(4),
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      APP_URL: baseUrl,
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
    },
  });
  const stop = async () => {
    await product.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await product.waitUntilReady({ url: `${baseUrl}/readyz` }, { timeoutMs: 180_000, intervalMs: 250 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, output: product.output, stop };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export const VIEWPORTS = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } };

/** A person at their own browser: a separate context (sessions never mix) and what went wrong in it. */
export type Person = { context: BrowserContext; page: Page; problems: string[] };

export async function openPerson(browser: Browser, baseUrl: string): Promise<Person> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORTS.desktop });
  const problems: string[] = [];
  // Uncaught exceptions and console errors (a CSP refusal, a failed render) fail the suite.
  context.on("weberror", (error) => problems.push(error.error().message));
  context.on("console", (message) => {
    // A 4xx the app showed as a message (a refused form) is expected; anything else is not.
    const expected = /Failed to load resource: the server responded with a status of 4\d\d/.test(
      message.text(),
    );
    if (message.type() === "error" && !expected)
      problems.push(`${message.text()} (${message.location().url})`);
  });
  return { context, page: await context.newPage(), problems };
}

export const SCREENSHOT_DIR = join(ROOT, "test-results", "screenshots");

/** Makes an account through the API (the first of an installation is its admin); its session token. */
export async function signUpByApi(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 201)
    throw new Error(`signup ${email}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** Signs in through the sign-in page, as a person does, and waits for the ticket list. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/tickets");
  await settled(page);
}

/** Loaded and drawn: no spinner left on the page. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await page.waitForFunction(() => !document.querySelector(".loading"), undefined, { timeout: 15_000 });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; any: { message: string }[] }[];
};

/**
 * The serious and critical WCAG 2 A/AA violations axe-core finds on the page as drawn now, one line
 * for each of the first few elements (rule, where, what axe measured). Evaluated through the browser's debugging protocol, so the
 * product's own Content-Security-Policy stays in force.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations;
  });
  return (found as AxeViolation[])
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) =>
      violation.nodes
        .slice(0, 3)
        .map(
          (node) =>
            `${violation.id} (${violation.impact}) at ${node.target.join(" ")}: ${node.any[0]?.message ?? violation.help}`,
        ),
    );
}

/**
 * Every page in light and dark, at desktop and phone width: saved for people to look at, and checked
 * with axe-core in each theme (a serious or critical violation fails the test that drew it). The theme
 * is switched the way a returning visitor has it (saved choice, page loaded anew); a page whose state
 * a reload would lose (a form showing errors) switches it in place instead.
 */
export async function screenshotEverywhere(
  page: Page,
  name: string,
  { keepState = false } = {},
): Promise<void> {
  const original = page.viewportSize();
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((next) => {
      localStorage.setItem("helpdesk.theme", next);
      document.documentElement.dataset.theme = next;
    }, theme);
    if (!keepState) {
      await page.reload();
      await settled(page);
    }
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${theme}-${size}.png`), fullPage: true });
      const violations = await accessibilityViolations(page);
      if (violations.length)
        throw new Error(`${name} (${theme}, ${size}) is not accessible:\n${violations.join("\n")}`);
    }
  }
  if (original) await page.setViewportSize(original);
  await page.evaluate(() => {
    localStorage.setItem("helpdesk.theme", "light");
    document.documentElement.dataset.theme = "light";
  });
  if (!keepState) await page.reload();
}
