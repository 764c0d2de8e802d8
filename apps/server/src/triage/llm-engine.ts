import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { type TriageContent, type TriageResult, ZTriageContent, ZTriageResult } from "@helpdesk/contracts";
import { APICallError, generateObject, type LanguageModel, NoObjectGeneratedError } from "ai";
import type { Config } from "../config.ts";
import type { TriageContext, TriageEngine, TriageInput } from "./engine.ts";
import { canonicalSkill } from "./skills.ts";

export const LLM_PROMPT_VERSION = "1";

export type LlmProvider = "gemini" | "openai" | "anthropic";

export type LlmEngineOptions = {
  provider: LlmProvider;
  model: LanguageModel;
  modelName: string;
  /** The whole call, retry included, must answer within this. */
  timeoutMs: number;
  /** Pause before the one retry after a 429 or 5xx. */
  retryDelayMs?: number;
};

/** The language model of the configured provider, pointed at its base URL when one is set. */
export function languageModelFor(
  ai: Config["ai"],
  provider: LlmProvider,
): { model: LanguageModel; name: string } {
  switch (provider) {
    case "gemini": {
      const google = createGoogleGenerativeAI({ apiKey: ai.gemini.apiKey, baseURL: ai.gemini.baseUrl });
      return { model: google(ai.gemini.model), name: ai.gemini.model };
    }
    case "openai": {
      // Local servers (Ollama, vLLM, LM Studio) need no key but the client insists on one.
      const openai = createOpenAI({ apiKey: ai.openai.apiKey ?? "not-needed", baseURL: ai.openai.baseUrl });
      return { model: openai.chat(ai.openai.model), name: ai.openai.model };
    }
    case "anthropic": {
      const anthropic = createAnthropic({ apiKey: ai.anthropic.apiKey, baseURL: ai.anthropic.baseUrl });
      return { model: anthropic(ai.anthropic.model), name: ai.anthropic.model };
    }
  }
}

const SYSTEM_PROMPT = `You triage support tickets for a help desk. Answer with the requested JSON object only.
- summary: at most two sentences saying what the requester needs; do not copy the greeting.
- priority: critical (outage, data loss, security breach, many people blocked), high (one person or team blocked, deadline), medium (impaired but a workaround exists), low (question, cosmetic, no time pressure).
- type: incident (something broke), problem (recurring or root cause wanted), request (asks for something new), question (asks for information), change (asks to modify something that works).
- category: one of the installation's categories when one fits, otherwise a short new one.
- relatedSkills: skills an agent needs, spelled exactly as in the installation's skill list when they appear there.
- sentiment: the requester's mood, label plus a score from -1 to 1.
- helpfulNotes: short markdown notes for the agent: what to check first, what to ask for.`;

function promptFor(input: TriageInput, context: TriageContext): string {
  const skills = context.skills.length > 0 ? context.skills.join(", ") : "(none listed)";
  const categories = context.categories.length > 0 ? context.categories.join(", ") : "(none yet)";
  return [
    `Installation skills: ${skills}`,
    `Installation categories: ${categories}`,
    "",
    `Ticket title: ${input.title}`,
    "Ticket description:",
    input.description,
  ].join("\n");
}

/** What went wrong with a provider call, in words fit for the ticket's triage record. */
export class LlmFailure extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "LlmFailure";
  }
}

function isRetryable(error: unknown): boolean {
  return APICallError.isInstance(error) && (error.statusCode === 429 || (error.statusCode ?? 0) >= 500);
}

function describeFailure(error: unknown, provider: LlmProvider, timeoutMs: number, attempts: number): string {
  const retried = attempts > 1 ? " (after one retry)" : "";
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `${provider}: no answer within ${timeoutMs} ms`;
  }
  if (APICallError.isInstance(error)) {
    return error.statusCode
      ? `${provider}: HTTP ${error.statusCode}${retried}`
      : `${provider}: request failed${retried}: ${error.message.slice(0, 160)}`;
  }
  if (NoObjectGeneratedError.isInstance(error)) return `${provider}: answer was not a valid triage object`;
  return `${provider}: ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`;
}

/** A skill the model named, in the installation's spelling when the installation has that skill. */
function toInstallationSkills(skills: string[], installation: readonly string[]): string[] {
  const byKey = new Map(installation.map((skill) => [canonicalSkill(skill), skill]));
  const seen = new Set<string>();
  const result: string[] = [];
  for (const skill of skills) {
    const key = canonicalSkill(skill);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    result.push(byKey.get(key) ?? skill.trim());
  }
  return result;
}

/**
 * An engine that asks an LLM through the AI SDK with the contracts schema. It retries once on
 * 429/5xx within the timeout and throws `LlmFailure` otherwise; `withFallback` catches that.
 */
export function createLlmEngine(options: LlmEngineOptions): TriageEngine {
  const { provider, model, modelName, timeoutMs, retryDelayMs = 500 } = options;
  return {
    name: provider,
    async triage(input: TriageInput, context: TriageContext): Promise<TriageResult> {
      const startedAt = performance.now();
      const signal = AbortSignal.timeout(timeoutMs);
      let attempts = 0;
      let content: TriageContent;
      for (;;) {
        attempts++;
        try {
          const { object } = await generateObject({
            model,
            schema: ZTriageContent,
            system: SYSTEM_PROMPT,
            prompt: promptFor(input, context),
            temperature: 0,
            maxRetries: 0,
            abortSignal: signal,
          });
          content = object;
          break;
        } catch (error) {
          if (attempts === 1 && isRetryable(error) && !signal.aborted) {
            await pause(retryDelayMs, signal);
            if (!signal.aborted) continue;
          }
          const cause = signal.aborted ? signal.reason : error;
          throw new LlmFailure(describeFailure(cause, provider, timeoutMs, attempts), { cause: error });
        }
      }
      return ZTriageResult.parse({
        ...content,
        relatedSkills: toInstallationSkills(content.relatedSkills, context.skills),
        // The model gives no calibrated probabilities unless asked; a fixed, honest middle value.
        confidence: content.confidence ?? { priority: 0.7, category: 0.7, type: 0.7, relatedSkills: 0.7 },
        engine: provider,
        model: modelName,
        version: LLM_PROMPT_VERSION,
        durationMs: Math.round(performance.now() - startedAt),
      });
    },
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The primary engine, or the built-in one when the primary fails; the answer then says why,
 * so the ticket records which engine answered.
 */
export function withFallback(
  primary: TriageEngine,
  fallback: TriageEngine,
  onFallback?: (reason: string, error: unknown) => void,
): TriageEngine {
  return {
    name: primary.name,
    async triage(input, context) {
      try {
        return await primary.triage(input, context);
      } catch (error) {
        const reason =
          error instanceof LlmFailure
            ? error.reason
            : `${primary.name}: ${(error as Error)?.message ?? error}`;
        onFallback?.(reason, error);
        return { ...(await fallback.triage(input, context)), fallbackReason: reason };
      }
    },
  };
}

/** The engine the configuration asks for: built-in, or an LLM that falls back to built-in. */
export function createConfiguredEngine(
  ai: Config["ai"],
  builtin: TriageEngine,
  onFallback?: (reason: string, error: unknown) => void,
): TriageEngine {
  if (ai.provider === "builtin") return builtin;
  const { model, name } = languageModelFor(ai, ai.provider);
  const llm = createLlmEngine({ provider: ai.provider, model, modelName: name, timeoutMs: ai.timeoutMs });
  return withFallback(llm, builtin, onFallback);
}
