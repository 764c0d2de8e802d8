import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import pino from "pino";
import { buildApp } from "./app.ts";
import { createOrResetAdmin, ensureAdminAtStart } from "./auth/service.ts";
import { runImportCommand } from "./commands/import-command.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { type DatabaseHandle, openDatabase } from "./db/client.ts";
import { DataDirError } from "./db/data-dir.ts";
import { findWebBuild } from "./http/web-app.ts";
import { startPipeline } from "./pipeline/start.ts";
import { createTriageService } from "./triage/service.ts";

const USAGE = `Usage: helpdesk <command>

Commands:
  serve [--no-worker]         migrate the database, then serve the API and web app (default);
                              background jobs run in the same process unless --no-worker
  worker                      run background jobs only (any number of workers may share PostgreSQL)
  migrate                     apply database migrations and exit
  create-admin --email E --password P
                              create an admin, or take an existing account over as admin: it gets
                              this password, is enabled, and its sessions end
  import FILE [options]       import labelled ticket history (JSONL or CSV) for the triage engine to
                              learn from; \`import --help\` lists the options
`;

async function main(argv: string[]): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const [command = "serve", ...rest] = argv;
  if (command === "help" || command === "--help") {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case "serve":
      return serve(config, rest);
    case "worker":
      return runWorker(config);
    case "import":
      return runImportCommand(config, rest);
    case "migrate":
      return withDatabase(config, async () => console.log("Database is up to date"));
    case "create-admin":
      return createAdmin(config, rest);
    default:
      process.stderr.write(`Unknown command: ${command}\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

async function openMigrated(config: Config): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    minFreeBytes: config.dataDirMinFreeBytes,
  });
  await database.migrate();
  return database;
}

async function withDatabase(
  config: Config,
  work: (database: DatabaseHandle) => Promise<void>,
): Promise<void> {
  const database = await openMigrated(config);
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

async function serve(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { "no-worker": { type: "boolean", default: false } } });
  const worker = !values["no-worker"];
  if (!worker && !config.databaseUrl) {
    throw new ConfigError([
      "serve --no-worker: needs PostgreSQL (DATABASE_URL); no other process can work the embedded database's jobs",
    ]);
  }
  const startedAt = performance.now();
  const database = await openMigrated(config);
  if (config.bootstrapAdmin) {
    const { email, password } = config.bootstrapAdmin;
    await ensureAdminAtStart(database.db, email, password);
  }
  const app = await buildApp({ config, database, webRoot: findWebBuild(), worker });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { database: database.kind, dataDir: database.kind === "pglite" ? config.dataDir : undefined },
    `Helpdesk ready at ${config.appUrl} in ${Math.round(performance.now() - startedAt)} ms`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: finishing requests in flight, then stopping`);
    await app.close();
    await database.close();
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  database.storage?.onEvent((event) => {
    if (event.kind === "writes-refused") app.log.warn(event.message);
    if (event.kind === "writes-accepted") app.log.info(event.message);
    if (event.kind !== "failed") return;
    // Nothing reaches the embedded database any more: stop, so that a supervisor starts a new
    // process, which recovers it from its log (or says in one line why it cannot).
    app.log.fatal({ err: event.error }, `${event.message}; stopping`);
    process.exitCode = 1;
    void stop("storage failure").finally(() => process.exit(1));
  });
}

async function runWorker(config: Config): Promise<void> {
  if (!config.databaseUrl) {
    // The embedded database belongs to one process: the server, which works the jobs itself.
    throw new ConfigError([
      "worker: needs PostgreSQL (DATABASE_URL); with the embedded database, serve runs the jobs",
    ]);
  }
  const logger = pino({ level: config.logLevel });
  const database = await openMigrated(config);
  const triage = createTriageService({ config, db: database.db, logger });
  const jobs = await startPipeline({ config, database, triage, logger, worker: true });
  logger.info({ database: database.kind }, "Helpdesk worker ready");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing jobs in hand, then stopping`);
    await jobs.stop();
    await database.close();
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

async function createAdmin(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, password: { type: "string" } },
  });
  const email = values.email ?? process.env.ADMIN_EMAIL;
  const password = values.password ?? process.env.ADMIN_PASSWORD;
  if (!email || !password || password.length < 8) {
    throw new ConfigError(["create-admin needs --email and --password (at least 8 characters)"]);
  }
  await withDatabase(config, async (database) => {
    const { created } = await createOrResetAdmin(database.db, email, password);
    console.log(created ? `Created admin ${email}` : `${email} is now an admin with the new password`);
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
