/** The parts of an OpenAPI 3.1 document the fuzzer reads: what each operation takes. */

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

export type Parameter = {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: JsonSchema;
};

export type Operation = {
  method: string;
  /** As in the document: `/api/tickets/{id}`. */
  path: string;
  parameters: Parameter[];
  /** The JSON body it takes, if any. */
  body?: JsonSchema;
  /**
   * No JSON success reply is described: a stream (Server-Sent Events). Opening one would never
   * end, so the fuzzer sends it only requests that must be refused.
   */
  isStream: boolean;
};

type OpenApiDocument = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        responses?: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
};

const METHODS = new Set(["get", "put", "post", "patch", "delete", "head", "options"]);

export function readOperations(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
        status.startsWith("2"),
      );
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.["application/json"]?.schema,
        isStream: !successes.some(([, response]) => response.content?.["application/json"]),
      });
    }
  }
  return operations;
}

/** The names in `{…}` of a path template. */
export const pathParameterNames = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
