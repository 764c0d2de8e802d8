import type { Role } from "@helpdesk/contracts";
import { STAFF_ROLES } from "@helpdesk/contracts/constants";

/** Who is asking: the signed-in person as they are now (their current role). */
export type Viewer = { id: string; email: string; role: Role };

const STAFF = new Set<Role>(STAFF_ROLES);

/** Moderators and admins: they see every ticket and work them. */
export const isStaff = (viewer: Pick<Viewer, "role">) => STAFF.has(viewer.role);
