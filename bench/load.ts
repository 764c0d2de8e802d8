/**
 * Closed-loop HTTP load with autocannon: `connections` clients, each sending its next request as
 * soon as the last one is answered, for `durationSeconds`. Latencies are kept to the microsecond
 * (autocannon's own histogram rounds to whole milliseconds, which flattens a fast baseline to 0).
 */
import autocannon, { type Request } from "autocannon";
import { percentile } from "./statistics.ts";
import { ticketBody } from "./workload.ts";

export type LoadOptions = {
  url: string;
  connections: number;
  durationSeconds: number;
  request: Request;
};

export type LoadResult = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Errors, timeouts and answers other than 2xx: a figure with any is not to be trusted. */
  failures: number;
};

export async function runLoad({
  url,
  connections,
  durationSeconds,
  request,
}: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({ url, connections, duration: durationSeconds, requests: [request] });
  instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  return {
    requestsPerSecond: Math.round(latencies.length / result.duration),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** POST /api/tickets as `token`'s account, a different ticket each time from `firstIndex` on. */
export function ticketFilingRequest(token: string, firstIndex = 0): Request {
  let next = firstIndex;
  return {
    method: "POST",
    path: "/api/tickets",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    setupRequest: (request) => ({ ...request, body: JSON.stringify(ticketBody(next++)) }),
  };
}
