import type { ErrorReply } from "@helpdesk/contracts";

/** A failed API call, carrying what the server said: `message` is for people, `error` for code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ErrorReply["issues"] = [],
  ) {
    super(message);
  }

  /** The server's message about one field of a form (`issues[].path` is e.g. `body.email`). */
  fieldMessage(field: string): string | undefined {
    return this.issues?.find((issue) => {
      const path = issue.path.replace(/^(body|query|params)\./, "");
      return path === field || path.startsWith(`${field}.`);
    })?.message;
  }
}

/** The server refused the files of a form (413: too large or too many), not its text. */
export const isFileRefusal = (error: ApiError) => error.status === 413;

const TOKEN_KEY = "helpdesk.session";

/** The session token lives in localStorage: the API takes it only as a Bearer header, never a cookie. */
export const sessionToken = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

type Query = Record<string, string | number | boolean | undefined | null>;

export type RequestOptions = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
};

/** Called when the server says the session is over (401), so the app can return to sign-in. */
let onSessionExpired: () => void = () => {};
export function handleSessionExpiry(callback: () => void): void {
  onSessionExpired = callback;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * One call to the API, JSON in (or a FormData form with files, which the browser encodes) and JSON
 * out; throws ApiError with the server's message on any non-2xx reply.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = sessionToken.get();
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const isForm = options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers["content-type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? "GET",
      headers,
      body:
        options.body === undefined
          ? undefined
          : isForm
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network", "The server cannot be reached. Check your connection and try again.");
  }

  const payload = await response.json().catch(() => null);
  if (response.ok) return payload as T;

  const error = payload as Partial<ErrorReply> | null;
  if (response.status === 401 && token) onSessionExpired();
  throw new ApiError(
    response.status,
    error?.error ?? "http_error",
    error?.message ?? `The server answered ${response.status} ${response.statusText}`,
    error?.issues,
  );
}
