import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, resolveJwtSecret } from "./config.ts";

const SECRET = "x".repeat(32);

/** The problems loadConfig reports for this environment, one per line, or [] when it is valid. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("configuration", () => {
  it("requires a shared JWT secret on PostgreSQL, where several servers may answer one client", () => {
    expect(problemsOf({ DATABASE_URL: "postgres://db/helpdesk" })).toEqual([
      "JWT_SECRET: required with DATABASE_URL, shared by every server and worker",
    ]);
    expect(problemsOf({ DATABASE_URL: "postgres://db/helpdesk", JWT_SECRET: SECRET })).toEqual([]);
  });

  it("reads the embedded database's free-space reserve as a size, 64 MB unless set", () => {
    expect(loadConfig({}).dataDirMinFreeBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ DATA_DIR_MIN_FREE: "512KB" }).dataDirMinFreeBytes).toBe(512 * 1024);
    expect(loadConfig({ DATA_DIR_MIN_FREE: "2 GB" }).dataDirMinFreeBytes).toBe(2 * 1024 ** 3);
    expect(loadConfig({ DATA_DIR_MIN_FREE: "0MB" }).dataDirMinFreeBytes).toBe(0);
    expect(problemsOf({ DATA_DIR_MIN_FREE: "64" })).toEqual([
      "DATA_DIR_MIN_FREE: use a number and a unit: 512KB, 64MB, 1GB",
    ]);
  });

  it("trusts X-Forwarded-For only when told to, even in production", () => {
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: SECRET }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(problemsOf({ TRUST_PROXY: "sometimes" })).toHaveLength(1);
  });

  it("starts with no settings at all, on the defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: "development",
      port: 3000,
      databaseUrl: undefined,
      auth: { tokenTtlSeconds: 7 * 86_400 },
      ai: { provider: "builtin" },
      bodyLimit: 1_048_576,
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it("reports every problem on its own line, naming the variable", () => {
    const problems = problemsOf({
      PORT: "http",
      DATABASE_URL: "mysql://db",
      TOKEN_TTL: "forever",
      LOG_LEVEL: "loud",
    });
    expect(problems).toHaveLength(4);
    for (const name of ["PORT", "DATABASE_URL", "TOKEN_TTL", "LOG_LEVEL"]) {
      expect(problems.filter((line) => line.startsWith(`${name}:`))).toHaveLength(1);
    }
    const error = new ConfigError(problems);
    expect(error.message.split("\n")).toHaveLength(1 + problems.length);
  });

  it("refuses a port outside 0-65535 or not a number", () => {
    expect(problemsOf({ PORT: "70000" })).toEqual([expect.stringMatching(/^PORT:/)]);
    expect(problemsOf({ PORT: "-1" })).toEqual([expect.stringMatching(/^PORT:/)]);
    expect(problemsOf({ PORT: "80.5" })).toEqual([expect.stringMatching(/^PORT:/)]);
    expect(loadConfig({ PORT: "8080" }).port).toBe(8080);
  });

  it("requires JWT_SECRET in production", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toEqual([expect.stringMatching(/^JWT_SECRET: required/)]);
    expect(problemsOf({ NODE_ENV: "production", JWT_SECRET: SECRET })).toEqual([]);
  });

  it("refuses a JWT secret shorter than 32 characters", () => {
    expect(problemsOf({ JWT_SECRET: "short" })).toEqual([expect.stringMatching(/^JWT_SECRET:/)]);
  });

  it("reports production's missing secret together with the other problems", () => {
    const problems = problemsOf({ NODE_ENV: "production", AI_PROVIDER: "gemini" });
    expect(problems).toHaveLength(2);
    expect(problems.some((line) => line.startsWith("JWT_SECRET:"))).toBe(true);
    expect(problems.some((line) => line.startsWith("GEMINI_API_KEY:"))).toBe(true);
  });

  it("requires the provider's key when an LLM provider is chosen", () => {
    expect(problemsOf({ AI_PROVIDER: "gemini" })).toEqual([
      "GEMINI_API_KEY: required when AI_PROVIDER=gemini",
    ]);
    expect(problemsOf({ AI_PROVIDER: "anthropic" })).toEqual([
      "ANTHROPIC_API_KEY: required when AI_PROVIDER=anthropic",
    ]);
    expect(problemsOf({ AI_PROVIDER: "openai" })).toHaveLength(1);
    expect(problemsOf({ AI_PROVIDER: "gemini", GEMINI_API_KEY: "key" })).toEqual([]);
    expect(problemsOf({ AI_PROVIDER: "openai", OPENAI_BASE_URL: "http://localhost:11434/v1" })).toEqual([]);
  });

  it("refuses an unknown AI provider", () => {
    expect(problemsOf({ AI_PROVIDER: "skynet" })).toEqual([expect.stringMatching(/^AI_PROVIDER:/)]);
  });

  it("wants ADMIN_EMAIL and ADMIN_PASSWORD together", () => {
    expect(problemsOf({ ADMIN_EMAIL: "root@example.com" })).toEqual([
      expect.stringMatching(/ADMIN_EMAIL and ADMIN_PASSWORD/),
    ]);
    expect(problemsOf({ ADMIN_PASSWORD: "long-enough" })).toHaveLength(1);
    const config = loadConfig({ ADMIN_EMAIL: "root@example.com", ADMIN_PASSWORD: "long-enough" });
    expect(config.bootstrapAdmin).toEqual({ email: "root@example.com", password: "long-enough" });
  });

  it("treats empty variables as unset, as a .env template leaves them", () => {
    const config = loadConfig({ DATABASE_URL: "", JWT_SECRET: "", SMTP_URL: "", ADMIN_EMAIL: "" });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.mail.smtpUrl).toBeUndefined();
    expect(config.bootstrapAdmin).toBeUndefined();
  });

  it("takes an empty value of any variable as its default, never as zero or an invalid choice", () => {
    const blank = Object.fromEntries(
      [
        "NODE_ENV",
        "PORT",
        "HOST",
        "DATA_DIR",
        "TOKEN_TTL",
        "AI_PROVIDER",
        "AI_TIMEOUT",
        "GEMINI_MODEL",
        "OPENAI_MODEL",
        "MAIL_FROM",
        "LOG_LEVEL",
        "AUTH_RATE_LIMIT",
        "BODY_LIMIT",
      ].map((name) => [name, ""]),
    );
    expect(problemsOf(blank)).toEqual([]);
    expect(loadConfig(blank)).toEqual(loadConfig({}));
  });

  it("reports the checks between variables together with the invalid values", () => {
    const problems = problemsOf({ NODE_ENV: "production", PORT: "http", ADMIN_EMAIL: "root@example.com" });
    expect(problems).toHaveLength(3);
    expect(problems.some((line) => line.startsWith("PORT:"))).toBe(true);
    expect(problems.some((line) => line.startsWith("JWT_SECRET:"))).toBe(true);
    expect(problems.some((line) => line.startsWith("ADMIN_EMAIL and ADMIN_PASSWORD"))).toBe(true);
  });

  it("maps the original system's MAILTRAP_* settings to an SMTP URL", () => {
    const config = loadConfig({
      MAILTRAP_SMTP_HOST: "sandbox.smtp.mailtrap.io",
      MAILTRAP_SMTP_PORT: "2525",
      MAILTRAP_SMTP_USER: "user@x",
      MAILTRAP_SMTP_PASS: "p:ss/word",
    });
    expect(config.mail.smtpUrl).toBe("smtp://user%40x:p%3Ass%2Fword@sandbox.smtp.mailtrap.io:2525");
    const url = new URL(config.mail.smtpUrl ?? "");
    expect(decodeURIComponent(url.password)).toBe("p:ss/word");
  });

  it("prefers SMTP_URL over MAILTRAP_* and defaults the Mailtrap port to 587", () => {
    expect(
      loadConfig({ SMTP_URL: "smtp://mail:25", MAILTRAP_SMTP_HOST: "sandbox.smtp.mailtrap.io" }).mail.smtpUrl,
    ).toBe("smtp://mail:25");
    expect(loadConfig({ MAILTRAP_SMTP_HOST: "sandbox.smtp.mailtrap.io" }).mail.smtpUrl).toBe(
      "smtp://sandbox.smtp.mailtrap.io:587",
    );
  });

  it("reads durations with units for TOKEN_TTL and AI_TIMEOUT", () => {
    const config = loadConfig({ TOKEN_TTL: "12h", AI_TIMEOUT: "30s" });
    expect(config.auth.tokenTtlSeconds).toBe(12 * 3600);
    expect(config.ai.timeoutMs).toBe(30_000);
  });

  it("splits CORS_ORIGINS on commas and trims them", () => {
    expect(loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example" }).corsOrigins).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});

describe("the JWT secret in development", () => {
  it("is generated once under DATA_DIR and kept across restarts", () => {
    const dir = mkdtempSync(join(tmpdir(), "helpdesk-config-"));
    dirs.push(dir);
    const config = loadConfig({ DATA_DIR: join(dir, "nested", "data") });
    const first = resolveJwtSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = join(dir, "nested", "data", "jwt-secret");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: join(dir, "nested", "data") }))).toBe(first);
  });

  it("is JWT_SECRET when one is given, and nothing is written", () => {
    const dir = mkdtempSync(join(tmpdir(), "helpdesk-config-"));
    dirs.push(dir);
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET }))).toBe(SECRET);
    expect(existsSync(join(dir, "jwt-secret"))).toBe(false);
  });
});
