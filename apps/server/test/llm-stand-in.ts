import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { LlmProvider } from "../src/triage/llm-engine.ts";

/** How the stand-in answers the next requests. */
export type Behaviour = "good" | "malformed" | "schema-violating" | "429-then-good" | "500" | "silent";

export const GOOD_ANSWER = {
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

export type StandIn = {
  url: string;
  requests: Record<string, unknown>[];
  behave(next: Behaviour): void;
  close(): Promise<void>;
};

/** A local HTTP server speaking one provider's wire format, with scripted failures. */
export async function startStandIn(provider: LlmProvider): Promise<StandIn> {
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
