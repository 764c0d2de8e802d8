import { z } from "zod";
import { renderWelcomeMail } from "../mail/templates.ts";
import type { PipelineJob } from "./deps.ts";
import { findPerson, sendMails } from "./send-mail.ts";

// Idempotent: the welcome mail's dedupe key is the user, so it is written once.
const payload = z.object({ userId: z.uuid() });

export const userSignedUp: PipelineJob<typeof payload> = {
  name: "user.signed_up",
  payload,
  async handle({ userId }, deps) {
    const user = await findPerson(deps.db, userId);
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
