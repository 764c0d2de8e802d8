import { z } from "zod";
import { ZEmail, ZSkills } from "./auth.ts";
import { ZRole } from "./common.ts";

/** The original admin form: POST /api/auth/update-user {email, role?, skills?}. */
export const ZUpdateUserByEmailRequest = z.object({
  email: ZEmail,
  role: ZRole.optional(),
  skills: ZSkills.optional(),
});
export type UpdateUserByEmailRequest = z.infer<typeof ZUpdateUserByEmailRequest>;

export const ZUpdateUserRequest = z
  .object({
    role: ZRole.optional(),
    skills: ZSkills.optional(),
    available: z.boolean().optional(),
    capacity: z.number().int().min(0).max(1000).optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "Send at least one of role, skills, available, capacity",
  });
export type UpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZListUsersQuery = z.object({
  role: ZRole.optional(),
  q: z.string().trim().max(200).optional(),
});
