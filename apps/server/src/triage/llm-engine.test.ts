import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ZTriageResult } from "@helpdesk/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createBuiltinEngine } from "./builtin-engine.ts";
import type { TriageContext } from "./engine.ts";
import { TriageLearner } from "./learner.ts";
import {
  createConfiguredEngine,
  createLlmEngine,
  type LlmProvider,
  languageModelFor,
  withFallback,
} from "./llm-engine.ts";

/** How the stand-in answers the next requests. */
type Behaviour = "good" | "malformed" | "schema-violating" | "429-then-good" | "500" | "silent";

const GOOD_ANSWER = {
  summary: "The primary database refuses connections, blocking the whole team.",
  priority: "critical",
  category: "Databases",
  type: "incident",
  relatedSkills: ["postgresql", "Linux"],
  sentiment: { label: "negative", score: -0.6 },
  helpfulNotes: "- Check the primary's disk space\n- Check max_connections",
};

/** The answer's text in each provider's wire format. */
function providerReply(provider: LlmProvider, request: Record<string, unknown>, text: string): unknown {
  switch (provider) {
    case "gemini":
      return {
        candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, totalTokenCount: 20 },
      };
    case "openai":
      return {
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1_700_000_000,
        model: "stand-in",
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      };
    case "anthropic": {
      // The SDK asks for JSON either through a tool or as plain text; answer the way it asked.
      const tools = request.tools as { name: string }[] | undefined;
      const content = tools?.[0]
        ? [{ type: "tool_use", id: "toolu_1", name: tools[0].name, input: safeJson(text) }]
        : [{ type: "text", text }];
      return {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "stand-in",
        content,
        stop_reason: tools?.[0] ? "tool_use" : "end_turn",
        usage: { input_tokens: 10, output_tokens: 10 },
      };
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}

type StandIn = {
  url: string;
  requests: Record<string, unknown>[];
  behave(next: Behaviour): void;
  close(): Promise<void>;
};

/** A local HTTP server speaking one provider's wire format, with scripted failures. */
async function startStandIn(provider: LlmProvider): Promise<StandIn> {
  let behaviour: Behaviour = "good";
  const requests: Record<string, unknown>[] = [];
  const server: Server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const parsed = safeJson(body) as Record<string, unknown>;
    requests.push(parsed);
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(payload));
    };
    switch (behaviour) {
      case "silent":
        return; // never answers: only the engine's timeout ends the wait
      case "500":
        return send(500, { error: { message: "internal error" } });
      case "429-then-good":
        behaviour = "good";
        return send(429, { error: { message: "rate limited" } });
      case "malformed":
        return send(200, providerReply(provider, parsed, "{ this is not json"));
      case "schema-violating":
        return send(
          200,
          providerReply(provider, parsed, JSON.stringify({ ...GOOD_ANSWER, priority: "urgent" })),
        );
      case "good":
        return send(200, providerReply(provider, parsed, JSON.stringify(GOOD_ANSWER)));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    behave(next) {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function aiConfig(provider: LlmProvider, baseUrl: string) {
  return loadConfig({
    NODE_ENV: "test",
    AI_PROVIDER: provider,
    AI_TIMEOUT: "5s",
    GEMINI_API_KEY: "test-key",
    GEMINI_BASE_URL: `${baseUrl}/v1beta`,
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: `${baseUrl}/v1`,
    ANTHROPIC_API_KEY: "test-key",
    ANTHROPIC_BASE_URL: `${baseUrl}/v1`,
  }).ai;
}

const context: TriageContext = {
  skills: ["Postgres", "Networking"],
  categories: ["Databases", "Billing"],
  findSimilar: async () => [],
};
const ticket = {
  title: "Production database is down",
  description: "Our Postgres primary refuses connections since 9:00. Everyone is blocked!!!",
};
const builtin = createBuiltinEngine(new TriageLearner());

describe.each<LlmProvider>(["gemini", "openai", "anthropic"])(
  "%s engine against its stand-in",
  (provider) => {
    let standIn: StandIn;
    beforeAll(async () => {
      standIn = await startStandIn(provider);
    });
    afterAll(() => standIn.close());
    beforeEach(() => {
      standIn.requests.length = 0;
      standIn.behave("good");
    });

    /** The LLM engine with a short timeout and no pause before its retry, falling back to built-in. */
    function engine(timeoutMs = 2000) {
      const { model, name } = languageModelFor(aiConfig(provider, standIn.url), provider);
      return withFallback(
        createLlmEngine({ provider, model, modelName: name, timeoutMs, retryDelayMs: 0 }),
        builtin,
      );
    }

    it("uses a good answer, in the installation's skill names, and says which engine answered", async () => {
      const result = await engine().triage(ticket, context);
      expect(ZTriageResult.parse(result)).toBeTruthy();
      expect(result).toMatchObject({
        engine: provider,
        priority: "critical",
        category: "Databases",
        type: "incident",
      });
      expect(result.relatedSkills).toEqual(["Postgres", "Linux"]);
      expect(result.fallbackReason).toBeUndefined();
      const prompt = JSON.stringify(standIn.requests[0]);
      expect(prompt).toContain("Postgres, Networking");
      expect(prompt).toContain("Databases, Billing");
    });

    it("the configured engine talks to the provider's base URL", async () => {
      const result = await createConfiguredEngine(aiConfig(provider, standIn.url), builtin).triage(
        ticket,
        context,
      );
      expect(result.engine).toBe(provider);
      expect(standIn.requests).toHaveLength(1);
    });

    it("falls back to the built-in engine when the answer is not JSON", async () => {
      standIn.behave("malformed");
      const result = await engine().triage(ticket, context);
      expect(result.engine).toBe("builtin");
      expect(result.fallbackReason).toBe(`${provider}: answer was not a valid triage object`);
      expect(ZTriageResult.parse(result)).toBeTruthy();
    });

    it("falls back when the answer breaks the schema", async () => {
      standIn.behave("schema-violating");
      const result = await engine().triage(ticket, context);
      expect(result.engine).toBe("builtin");
      expect(result.fallbackReason).toContain(provider);
    });

    it("retries once after a 429 and then uses the answer", async () => {
      standIn.behave("429-then-good");
      const result = await engine().triage(ticket, context);
      expect(result.engine).toBe(provider);
      expect(standIn.requests).toHaveLength(2);
    });

    it("retries a 500 once, then falls back and records why", async () => {
      standIn.behave("500");
      const result = await engine().triage(ticket, context);
      expect(result.engine).toBe("builtin");
      expect(result.fallbackReason).toBe(`${provider}: HTTP 500 (after one retry)`);
      expect(standIn.requests).toHaveLength(2);
    });

    it("gives up on a provider that does not answer within the timeout", async () => {
      standIn.behave("silent");
      const result = await engine(150).triage(ticket, context);
      expect(result.engine).toBe("builtin");
      expect(result.fallbackReason).toBe(`${provider}: no answer within 150 ms`);
      expect(ZTriageResult.parse(result)).toBeTruthy();
    });
  },
);
