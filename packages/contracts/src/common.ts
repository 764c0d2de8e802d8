import { z } from "zod";
import { ROLES } from "./constants.ts";

/** Every error reply: `message` is what clients show, `error` is the machine code. */
export const ZErrorReply = z.object({
  message: z.string(),
  error: z.string(),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe("Which fields were invalid, for 400 validation_failed"),
});
export type ErrorReply = z.infer<typeof ZErrorReply>;

export const ZMessageReply = z.object({ message: z.string() });
export type MessageReply = z.infer<typeof ZMessageReply>;

/** Identifiers are opaque strings; a malformed one is answered like an unknown one (404). */
export const ZIdParams = z.object({ id: z.string().min(1).max(100) });

export const ZIsoDate = z.string().describe("ISO 8601 timestamp");

export const ZRole = z.enum(ROLES);
export type Role = z.infer<typeof ZRole>;

/** A person as other screens show them: enough to link and to mail, nothing more. */
export const ZUserRef = z.object({ _id: z.string(), email: z.string() });
export type UserRef = z.infer<typeof ZUserRef>;
