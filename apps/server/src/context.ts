import type { TokenIssuer } from "./auth/tokens.ts";
import type { Config } from "./config.ts";
import type { DatabaseHandle } from "./db/client.ts";
import type { Guards } from "./http/guard.ts";
import type { JobQueue } from "./queue/job-queue.ts";
import type { RealtimeHub } from "./realtime/hub.ts";
import type { StreamTokens } from "./realtime/stream-token.ts";
import type { TriageService } from "./triage/service.ts";

/** What every domain's routes are given: built once in app.ts, never imported upwards. */
export type AppContext = {
  config: Config;
  database: DatabaseHandle;
  tokens: TokenIssuer;
  /** One-minute, single-use tokens that open the live stream and nothing else. */
  streamTokens: StreamTokens;
  guards: Guards;
  jobs: JobQueue;
  realtime: RealtimeHub;
  triage: TriageService;
};
