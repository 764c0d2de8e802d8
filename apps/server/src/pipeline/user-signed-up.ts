import { userSignedUp } from "../jobs/definitions.ts";
import { renderWelcomeMail } from "../mail/templates.ts";
import { findUserById } from "../users/service.ts";
import type { PipelineHandler } from "./deps.ts";
import { sendMails } from "./send-mail.ts";

// Idempotent: the welcome mail's dedupe key is the user, so it is written once.
export const handleUserSignedUp: PipelineHandler<typeof userSignedUp.payload> = {
  job: userSignedUp,
  async handle({ userId }, deps) {
    const user = await findUserById(deps.db, userId);
    if (!user) return;
    await sendMails(deps, [
      {
        to: user.email,
        kind: "welcome",
        dedupeKey: `welcome:${user.id}`,
        ...renderWelcomeMail(deps.config.appUrl, user.email),
      },
    ]);
  },
};
