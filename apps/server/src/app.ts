import fastifyCors from "@fastify/cors";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { inboundRoutes } from "./admin/inbound-routes.ts";
import { adminRoutes } from "./admin/routes.ts";
import { authRoutes } from "./auth/routes.ts";
import { createSessionCache } from "./auth/session-cache.ts";
import { createTokenIssuer } from "./auth/tokens.ts";
import { type Config, resolveJwtSecret } from "./config.ts";
import type { AppContext } from "./context.ts";
import type { DatabaseHandle } from "./db/client.ts";
import { limitConnectionsPerClient, serverTimeouts } from "./http/connections.ts";
import { answerFrameworkError, registerErrorHandling } from "./http/error-handler.ts";
import { createGuards } from "./http/guard.ts";
import { registerInputRules } from "./http/input-rules.ts";
import { registerWebApp } from "./http/web-app.ts";
import { registerMetrics } from "./ops/metrics.ts";
import { opsRoutes } from "./ops/routes.ts";
import { startPipeline } from "./pipeline/start.ts";
import type { JobQueue } from "./queue/job-queue.ts";
import { startRealtimeHub } from "./realtime/hub.ts";
import { realtimeRoutes } from "./realtime/routes.ts";
import { createStreamTokens } from "./realtime/stream-token.ts";
import { ticketsRoutes } from "./tickets/routes.ts";
import { createTriageService, type TriageService } from "./triage/service.ts";
import { onLocalAccountChange } from "./users/account-changes.ts";
import { usersRoutes } from "./users/routes.ts";
import { vocabularyRoutes } from "./vocabulary/routes.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The job queue, for tools and tests that send a job themselves. */
    jobs: JobQueue;
  }
}

export type AppOptions = {
  config: Config;
  database: DatabaseHandle;
  logger?: boolean;
  /** The built web app to serve at `/`; without one a placeholder page points to the API docs. */
  webRoot?: string;
  /** Work background jobs in this process (default); `serve --no-worker` leaves them to workers. */
  worker?: boolean;
  /** The triage service; by default the one AI_PROVIDER configures. */
  triage?: TriageService;
};

/**
 * Assembles the HTTP application with its job queue (and worker) and live updates, which it stops
 * when closed; the caller opens and closes the database.
 */
export async function buildApp({
  config,
  database,
  logger = true,
  webRoot,
  worker = true,
  triage,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? loggerOptions(config) : false,
    bodyLimit: config.bodyLimit,
    ...serverTimeouts(config.requestTimeoutMs),
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerFrameworkError,
  });
  limitConnectionsPerClient(app.server, config.connectionsPerClient);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerInputRules(app);

  const secret = resolveJwtSecret(config);
  const tokens = createTokenIssuer(secret, config.auth.tokenTtlSeconds);
  const triageService = triage ?? createTriageService({ config, db: database.db, logger: app.log });
  const jobs = await startPipeline({
    config,
    database,
    triage: triageService,
    logger: app.log,
    worker,
  });
  const realtime = await startRealtimeHub(database, (error) =>
    app.log.error({ err: error }, "live updates lost their database connection"),
  );
  // Requests read their account from this cache; every change to an account forgets it (the
  // database tells every process, this process's own writes tell it at once).
  const sessions = createSessionCache();
  const stopForgetting = [
    realtime.onAccountChange(sessions.forget, sessions.clear),
    onLocalAccountChange(sessions.forget),
  ];
  app.addHook("onClose", async () => {
    for (const stop of stopForgetting) stop();
    await realtime.stop();
    await jobs.stop();
  });
  app.decorate("jobs", jobs);
  const ctx: AppContext = {
    config,
    database,
    tokens,
    streamTokens: createStreamTokens(secret),
    guards: createGuards(database.db, tokens, sessions),
    jobs,
    realtime,
    triage: triageService,
  };

  // A content security policy in every mode: an image or script planted in a ticket is refused by the
  // browser in development too. Only production asks for HTTPS upgrades: a development server is
  // plain http:// on localhost or a LAN address, where upgraded requests would fail.
  // Pictures may also come from blob: URLs: attachments are fetched with the session token and shown
  // from an object URL, since the API takes no cookies an <img src> could send.
  const imgSrc = ["'self'", "data:", "blob:"];
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: config.isProduction ? { imgSrc } : { imgSrc, upgradeInsecureRequests: null },
    },
  });
  // API replies carry people's tickets and accounts: no browser or proxy cache may keep them.
  app.addHook("onSend", async (request, reply) => {
    if (request.url.startsWith("/api/") && !reply.hasHeader("cache-control"))
      reply.header("cache-control", "no-store");
  });
  await app.register(fastifyCors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Helpdesk API", version: "1", description: "Self-hosted AI help desk" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const metrics = registerMetrics(app);
  await app.register(opsRoutes(ctx, metrics));
  await app.register(authRoutes(ctx));
  await app.register(usersRoutes(ctx));
  await app.register(ticketsRoutes(ctx));
  await app.register(realtimeRoutes(ctx));
  await app.register(adminRoutes(ctx));
  await app.register(inboundRoutes(ctx));
  await app.register(vocabularyRoutes(ctx));
  await registerWebApp(app, webRoot);
  return app;
}

function loggerOptions(config: Config) {
  const redact = ["req.headers.authorization", "req.headers.cookie", "req.query.token"];
  // The request line carries the query string: a stream token (?token=) must not reach the logs.
  const serializers = {
    req: (request: FastifyRequest) => ({
      method: request.method,
      url: request.url.replace(/([?&]token=)[^&]*/g, "$1[Redacted]"),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    }),
  };
  if (config.isProduction) return { level: config.logLevel, redact, serializers };
  return {
    level: config.logLevel,
    redact,
    serializers,
    transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss", ignore: "pid,hostname" } },
  };
}
