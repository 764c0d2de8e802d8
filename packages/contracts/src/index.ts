export * from "./admin.ts";
export * from "./auth.ts";
export * from "./common.ts";
export * from "./constants.ts";
export * from "./realtime.ts";
export * from "./tickets.ts";
export * from "./triage.ts";
export * from "./users.ts";
