import { ZErrorReply } from "@helpdesk/contracts";

/** The error replies a route may give, for the OpenAPI document and reply validation. */
export const errorReplies = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 422 | 429)[]) =>
  Object.fromEntries(statuses.map((status) => [status, ZErrorReply])) as Record<number, typeof ZErrorReply>;
