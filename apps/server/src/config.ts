import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";

const ZDuration = z
  .string()
  .regex(/^\d+\s*[smhd]$/, "use a number and a unit: 30s, 15m, 12h, 7d")
  .transform((text) => {
    const amount = Number.parseInt(text, 10);
    const unit = text.trim().slice(-1) as "s" | "m" | "h" | "d";
    return amount * { s: 1, m: 60, h: 3600, d: 86_400 }[unit];
  });

const ZSize = z
  .string()
  .regex(/^\d+\s*(kb|mb|gb)$/i, "use a number and a unit: 512KB, 64MB, 1GB")
  .transform((text) => {
    const amount = Number.parseInt(text, 10);
    const unit = text.trim().slice(-2).toLowerCase() as "kb" | "mb" | "gb";
    return amount * { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[unit];
  });

const ZOptionalUrl = z.url().optional();
const blankAsUndefined = (value: unknown) => (value === "" ? undefined : value);

const ZEnvironment = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.preprocess(
    blankAsUndefined,
    z.string().startsWith("postgres", "must be a postgres:// URL").optional(),
  ),
  DATA_DIR: z.string().default("./data"),
  DATA_DIR_MIN_FREE: ZSize.default(64 * 1024 ** 2).describe(
    "the embedded database refuses writes (507) while less is free under DATA_DIR; 0MB never",
  ),
  JWT_SECRET: z.preprocess(blankAsUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  TOKEN_TTL: ZDuration.default(7 * 86_400),
  APP_URL: z.preprocess(blankAsUndefined, ZOptionalUrl),
  CORS_ORIGINS: z.preprocess(blankAsUndefined, z.string().optional()),
  ADMIN_EMAIL: z.preprocess(blankAsUndefined, z.email().optional()),
  ADMIN_PASSWORD: z.preprocess(
    blankAsUndefined,
    z.string().min(8, "must be at least 8 characters").optional(),
  ),
  AI_PROVIDER: z.enum(["builtin", "gemini", "openai", "anthropic"]).default("builtin"),
  AI_TIMEOUT: ZDuration.default(20),
  GEMINI_API_KEY: z.preprocess(blankAsUndefined, z.string().optional()),
  GEMINI_MODEL: z.string().default("gemini-2.5-flash"),
  GEMINI_BASE_URL: z.preprocess(blankAsUndefined, ZOptionalUrl),
  OPENAI_BASE_URL: z.preprocess(blankAsUndefined, ZOptionalUrl),
  OPENAI_API_KEY: z.preprocess(blankAsUndefined, z.string().optional()),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  ANTHROPIC_API_KEY: z.preprocess(blankAsUndefined, z.string().optional()),
  ANTHROPIC_MODEL: z.string().default("claude-3-5-haiku-latest"),
  ANTHROPIC_BASE_URL: z.preprocess(blankAsUndefined, ZOptionalUrl),
  SMTP_URL: z.preprocess(blankAsUndefined, z.string().optional()),
  MAILTRAP_SMTP_HOST: z.preprocess(blankAsUndefined, z.string().optional()),
  MAILTRAP_SMTP_PORT: z.preprocess(blankAsUndefined, z.coerce.number().int().optional()),
  MAILTRAP_SMTP_USER: z.preprocess(blankAsUndefined, z.string().optional()),
  MAILTRAP_SMTP_PASS: z.preprocess(blankAsUndefined, z.string().optional()),
  MAIL_FROM: z.string().default("Helpdesk <helpdesk@localhost>"),
  MAIL_REPLY_TO: z.preprocess(
    blankAsUndefined,
    z.string().optional().describe("the support address replies go to (Reply-To); default MAIL_FROM"),
  ),
  IMAP_URL: z.preprocess(
    blankAsUndefined,
    z
      .url({ protocol: /^imaps?$/, error: "must be imap://user:password@host:port or imaps://…" })
      .optional()
      .describe("the support mailbox to fetch mail from; off unless set"),
  ),
  IMAP_FOLDER: z.string().default("INBOX"),
  IMAP_PROCESSED_FOLDER: z.preprocess(
    blankAsUndefined,
    z.string().optional().describe("where fetched mail is moved; without it, fetched mail is flagged \\Seen"),
  ),
  SMTP_INBOUND_PORT: z.preprocess(
    blankAsUndefined,
    z.coerce
      .number()
      .int()
      .min(0)
      .max(65_535)
      .optional()
      .describe("port of the built-in SMTP listener; off unless set"),
  ),
  SMTP_INBOUND_HOST: z.string().default("0.0.0.0"),
  SMTP_INBOUND_DOMAINS: z.preprocess(
    blankAsUndefined,
    z
      .string()
      .optional()
      .describe(
        "recipient domains the SMTP listener accepts (comma-separated, * any); default the support address's",
      ),
  ),
  INBOUND_MAX_SIZE: ZSize.default(25 * 1024 ** 2).describe(
    "largest mail taken in; a larger one is held for an admin with its headers",
  ),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WRITE_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(60)
    .describe("tickets and replies per minute per account"),
  AUTH_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe(
      "sign-in and sign-up attempts per minute per client; wrong passwords per account and client per 15 minutes",
    ),
  BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  REQUEST_TIMEOUT: ZDuration.default(30).describe(
    "how long a client may take to send a whole request, headers and body; a slower one gets 408",
  ),
  CONNECTIONS_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(0)
    .default(100)
    .describe(
      "open connections per client address (0: no cap; none with TRUST_PROXY, where the proxy is the client)",
    ),
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((flag) => flag === "true" || flag === "1")
    .describe("trust X-Forwarded-For: only behind a reverse proxy that sets it"),
  SLA_CRITICAL: ZDuration.default(4 * 3600),
  SLA_HIGH: ZDuration.default(86_400),
  SLA_MEDIUM: ZDuration.default(3 * 86_400),
  SLA_LOW: ZDuration.default(7 * 86_400),
  ATTACHMENT_MAX_SIZE: ZSize.default(10 * 1024 ** 2).describe("the largest file a ticket or reply may carry"),
  ATTACHMENT_MAX_FILES: z.coerce.number().int().min(0).default(10).describe("files per ticket or reply"),
  ATTACHMENTS_MAX_TOTAL: ZSize.default(25 * 1024 ** 2).describe("all files of one ticket or reply together"),
  MAIL_ATTACHMENTS_MAX: ZSize.default(10 * 1024 ** 2).describe(
    "a reply mail carries its files up to this size together; beyond it, it links to the ticket",
  ),
  STREAM_CHECK: ZDuration.default(25).describe("how often an open live stream re-checks its session"),
  JOB_RETRY_DELAY: ZDuration.default(5).describe("first wait before a failed job runs again; it doubles"),
});

export type Config = ReturnType<typeof buildConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

/** Reads and checks the environment; every problem is reported, one per line, before giving up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`PORT=` in a .env template) means "not set": its default, not 0 or "".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = ZEnvironment.safeParse(given);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  // The checks between variables run on what was given too, so one start-up reports everything.
  const settings = (parsed.success ? parsed.data : given) as Partial<Environment>;
  problems.push(...checkProviderKeys(settings));
  if (settings.NODE_ENV === "production" && !settings.JWT_SECRET) {
    problems.push("JWT_SECRET: required in production (at least 32 random characters)");
  } else if (parsed.success && settings.DATABASE_URL && !settings.JWT_SECRET) {
    // Each process would generate its own secret, so a token from one server fails on the next.
    problems.push("JWT_SECRET: required with DATABASE_URL, shared by every server and worker");
  }
  if (Boolean(settings.ADMIN_EMAIL) !== Boolean(settings.ADMIN_PASSWORD)) {
    problems.push("ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither");
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return buildConfig(parsed.data);
}

type Environment = z.infer<typeof ZEnvironment>;

function checkProviderKeys(env: Partial<Environment>): string[] {
  switch (env.AI_PROVIDER) {
    case "gemini":
      return env.GEMINI_API_KEY ? [] : ["GEMINI_API_KEY: required when AI_PROVIDER=gemini"];
    case "anthropic":
      return env.ANTHROPIC_API_KEY ? [] : ["ANTHROPIC_API_KEY: required when AI_PROVIDER=anthropic"];
    case "openai":
      return env.OPENAI_API_KEY || env.OPENAI_BASE_URL
        ? []
        : ["OPENAI_API_KEY or OPENAI_BASE_URL: required when AI_PROVIDER=openai"];
    default:
      return [];
  }
}

function buildConfig(env: Environment) {
  const dataDir = resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === "production",
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir,
    dataDirMinFreeBytes: env.DATA_DIR_MIN_FREE,
    auth: {
      jwtSecret: env.JWT_SECRET,
      tokenTtlSeconds: env.TOKEN_TTL,
      rateLimitPerMinute: env.AUTH_RATE_LIMIT,
      writesPerMinute: env.WRITE_RATE_LIMIT,
    },
    appUrl: env.APP_URL ?? `http://localhost:${env.PORT}`,
    corsOrigins: env.CORS_ORIGINS?.split(",").map((origin) => origin.trim()) ?? [],
    bootstrapAdmin:
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
        : undefined,
    ai: {
      provider: env.AI_PROVIDER,
      timeoutMs: env.AI_TIMEOUT * 1000,
      gemini: { apiKey: env.GEMINI_API_KEY, model: env.GEMINI_MODEL, baseUrl: env.GEMINI_BASE_URL },
      openai: { apiKey: env.OPENAI_API_KEY, model: env.OPENAI_MODEL, baseUrl: env.OPENAI_BASE_URL },
      anthropic: {
        apiKey: env.ANTHROPIC_API_KEY,
        model: env.ANTHROPIC_MODEL,
        baseUrl: env.ANTHROPIC_BASE_URL,
      },
    },
    mail: {
      from: env.MAIL_FROM,
      replyTo: env.MAIL_REPLY_TO ?? env.MAIL_FROM,
      smtpUrl: env.SMTP_URL ?? mailtrapUrl(env),
    },
    inbound: {
      imap: env.IMAP_URL
        ? { url: env.IMAP_URL, folder: env.IMAP_FOLDER, processedFolder: env.IMAP_PROCESSED_FOLDER }
        : undefined,
      smtp:
        env.SMTP_INBOUND_PORT === undefined
          ? undefined
          : {
              port: env.SMTP_INBOUND_PORT,
              host: env.SMTP_INBOUND_HOST,
              domains: env.SMTP_INBOUND_DOMAINS?.split(",").map((domain) => domain.trim().toLowerCase()),
            },
      maxBytes: env.INBOUND_MAX_SIZE,
    },
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.BODY_LIMIT,
    requestTimeoutMs: Math.max(1, env.REQUEST_TIMEOUT) * 1000,
    connectionsPerClient: env.TRUST_PROXY ? 0 : env.CONNECTIONS_PER_CLIENT,
    trustProxy: env.TRUST_PROXY,
    sla: { critical: env.SLA_CRITICAL, high: env.SLA_HIGH, medium: env.SLA_MEDIUM, low: env.SLA_LOW },
    attachments: {
      maxFileBytes: env.ATTACHMENT_MAX_SIZE,
      maxFiles: env.ATTACHMENT_MAX_FILES,
      maxTotalBytes: env.ATTACHMENTS_MAX_TOTAL,
      mailMaxBytes: env.MAIL_ATTACHMENTS_MAX,
    },
    streamCheckMs: env.STREAM_CHECK * 1000,
    jobs: { retryDelaySeconds: Math.max(1, env.JOB_RETRY_DELAY) },
  };
}

function mailtrapUrl(env: Environment): string | undefined {
  if (!env.MAILTRAP_SMTP_HOST) return undefined;
  const auth = env.MAILTRAP_SMTP_USER
    ? `${encodeURIComponent(env.MAILTRAP_SMTP_USER)}:${encodeURIComponent(env.MAILTRAP_SMTP_PASS ?? "")}@`
    : "";
  return `smtp://${auth}${env.MAILTRAP_SMTP_HOST}:${env.MAILTRAP_SMTP_PORT ?? 587}`;
}

/**
 * In development a JWT secret is generated once and kept under DATA_DIR, so tokens survive restarts
 * without anyone having to invent a secret. Production requires JWT_SECRET (checked in loadConfig).
 */
export function resolveJwtSecret(config: Config): string {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, "jwt-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
