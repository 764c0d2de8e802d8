import { MAIL_ATTEMPTS, mailSend } from "../jobs/definitions.ts";
import { deliverOutboxMail } from "../mail/outbox.ts";
import { loadAttachmentFiles } from "../tickets/attachments.ts";
import type { PipelineHandler } from "./deps.ts";

// Idempotent: only a pending outbox row is delivered, and it is marked sent right after SMTP accepts it.
export const handleMailSend: PipelineHandler<typeof mailSend.payload> = {
  job: mailSend,
  handle: ({ mailId }, deps) =>
    deliverOutboxMail(deps.db, deps.mailer, mailId, MAIL_ATTEMPTS, async (ids) =>
      (await loadAttachmentFiles(deps.db, ids)).map((file) => ({
        filename: file.name,
        content: file.bytes,
        contentType: file.contentType,
      })),
    ),
};
