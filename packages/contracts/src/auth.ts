import { z } from "zod";
import { ZIsoDate, ZRole } from "./common.ts";
import { MIN_PASSWORD_LENGTH } from "./constants.ts";

const ZEmail = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: "Enter a valid email address" }))
  .transform((email) => email.toLowerCase());

/** Skills as typed by people: trimmed, blanks dropped, duplicates (ignoring case) removed. */
export const ZSkills = z
  .array(z.string().max(60, "A skill is at most 60 characters"))
  .max(50, "At most 50 skills")
  .transform((skills) => {
    const seen = new Set<string>();
    const kept: string[] = [];
    for (const raw of skills) {
      const skill = raw.trim().replace(/\s+/g, " ");
      const key = skill.toLowerCase();
      if (skill && !seen.has(key)) {
        seen.add(key);
        kept.push(skill);
      }
    }
    return kept;
  });

export const ZSignupRequest = z.object({
  email: ZEmail,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(200, "Password must be at most 200 characters"),
  skills: ZSkills.optional(),
});
export type SignupRequest = z.infer<typeof ZSignupRequest>;

export const ZLoginRequest = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password").max(200),
});
export type LoginRequest = z.infer<typeof ZLoginRequest>;

/** The original system's user shape, plus the routing fields staff screens need and whether it is disabled. */
export const ZUser = z.object({
  _id: z.string(),
  email: z.string(),
  role: ZRole,
  skills: z.array(z.string()),
  available: z.boolean(),
  capacity: z.number().int(),
  disabledAt: ZIsoDate.nullable().describe("When an admin disabled the account; null while it may sign in"),
  createdAt: ZIsoDate,
});
export type User = z.infer<typeof ZUser>;

export const ZAuthReply = z.object({ user: ZUser, token: z.string() });
export type AuthReply = z.infer<typeof ZAuthReply>;

export const ZMeReply = z.object({ user: ZUser });

/** Whether the installation is new: no administrator yet, so the web app opens on its set-up screen. */
export const ZSetupStatusReply = z.object({ needsSetup: z.boolean() });
export type SetupStatusReply = z.infer<typeof ZSetupStatusReply>;

export { ZEmail };
