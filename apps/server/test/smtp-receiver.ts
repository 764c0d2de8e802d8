import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  inReplyTo: string;
  references: string[];
  replyTo: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
};

export type SmtpReceiver = { port: number; received: ReceivedMail[]; stop(): Promise<void> };

/** A real SMTP server on localhost that keeps what it receives (port 0: any free one). */
export async function startSmtpReceiver(port = 0): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    async onData(stream, _session, callback) {
      try {
        const mail = await simpleParser(stream);
        const to = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
        received.push({
          messageId: mail.messageId ?? "",
          to: to ?? "",
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          html: typeof mail.html === "string" ? mail.html : "",
          inReplyTo: mail.inReplyTo ?? "",
          references: typeof mail.references === "string" ? [mail.references] : (mail.references ?? []),
          replyTo: mail.replyTo?.text ?? "",
          attachments: mail.attachments.map((file) => ({
            filename: file.filename ?? "",
            contentType: file.contentType,
            content: file.content,
          })),
        });
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
