import { z } from "zod";
import { ZEmail, ZSkills, ZUser } from "./auth.ts";
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

/** PATCH /api/users/me: what moderators and admins set for themselves (the queue's availability toggle). */
export const ZUpdateOwnSettingsRequest = z.object({
  available: z.boolean().describe("false: routing gives you no new tickets"),
});
export type UpdateOwnSettingsRequest = z.infer<typeof ZUpdateOwnSettingsRequest>;

/** GET /api/users/skills: skill names to suggest when editing skills. */
export const ZKnownSkillsReply = z.object({ skills: z.array(z.string()) });

/** GET /api/users/staff: who can take a ticket, with how many open tickets each has now. */
export const ZStaffMember = ZUser.extend({
  openTickets: z.number().int().min(0).describe("Open tickets (to do, in progress, waiting) assigned now"),
});
export type StaffMember = z.infer<typeof ZStaffMember>;
export const ZStaffListReply = z.object({ users: z.array(ZStaffMember) });
