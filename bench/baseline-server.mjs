// The baseline every HTTP figure is divided by: Fastify with one route, no plugins and no logger.
// Plain JavaScript, so it starts without a TypeScript loader, as the built server does.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));
await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? "127.0.0.1" });
process.once("SIGTERM", () => void app.close());
