import { createTransport } from "nodemailer";

export type OutgoingMail = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Threading headers, as stored on the outbox row (space-separated Message-IDs). */
  inReplyTo: string | null;
  references: string | null;
  attachments?: MailAttachment[];
};

/** A file a mail carries. */
export type MailAttachment = { filename: string; content: Buffer; contentType: string };

export type Mailer = {
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
};

/**
 * One pooled SMTP transport for the process, or null without SMTP settings: then the outbox
 * table is the mailbox, read in the admin screens.
 */
export function createMailer(settings: { smtpUrl?: string; from: string; replyTo: string }): Mailer | null {
  if (!settings.smtpUrl) return null;
  const transport = createTransport({
    url: settings.smtpUrl,
    pool: true,
    maxConnections: 2,
    // A down server should fail the attempt quickly; the job queue retries it with backoff.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async deliver(mail) {
      await transport.sendMail({
        from: settings.from,
        // Answers from any mail client go to the support address, where mail in files them on the ticket.
        replyTo: settings.replyTo,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        ...(mail.inReplyTo && { inReplyTo: mail.inReplyTo }),
        ...(mail.references && { references: mail.references }),
        ...(mail.attachments && mail.attachments.length > 0 && { attachments: mail.attachments }),
      });
    },
    close: () => transport.close(),
  };
}
