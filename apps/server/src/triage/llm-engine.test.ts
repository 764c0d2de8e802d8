import { ZTriageResult } from "@helpdesk/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type StandIn, startStandIn } from "../../test/llm-stand-in.ts";
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
