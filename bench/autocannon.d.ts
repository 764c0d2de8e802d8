// The part of autocannon 8 the benches use (the package ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  type Request = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: Request) => Request;
  };

  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: Request[];
  };

  type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
  };

  type Instance = EventEmitter &
    PromiseLike<Result> & {
      on(
        event: "response",
        listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
      ): Instance;
    };

  function autocannon(options: Options): Instance;
  export default autocannon;
  export type { Options, Request, Result };
}
