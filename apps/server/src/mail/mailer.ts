import { createTransport } from "nodemailer";

export type OutgoingMail = { id: string; to: string; subject: string; text: string; html: string };

export type Mailer = {
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
};

/**
 * One pooled SMTP transport for the process, or null without SMTP settings: then the outbox
 * table is the mailbox, read in the admin screens.
 */
export function createMailer(settings: { smtpUrl?: string; from: string }): Mailer | null {
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
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // The same id on every attempt, so a receiver can tell a resend from a new mail.
        messageId: `<${mail.id}@helpdesk>`,
      });
    },
    close: () => transport.close(),
  };
}
