import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { acceptsRecipient } from "./recipients.ts";
import type { IngestResult, RawInbound } from "./store.ts";

export type InboundLogger = {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
};

export type SmtpListenerOptions = {
  port: number;
  host: string;
  /** Recipient domains served ("*" any). */
  domains: string[];
  maxBytes: number;
  ingest(mail: RawInbound): Promise<IngestResult>;
  logger: InboundLogger;
};

export type SmtpListener = { port: number; stop(): Promise<void> };

/**
 * A built-in SMTP server that a mail server forwards the support address to. Each message is
 * recorded before the listener says 250, so an accepted mail is never lost; when it cannot be
 * recorded (database down) the sender is told to try later (451), as SMTP senders do. A message
 * over the size limit is refused (552) and its headers are kept for an admin.
 */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: options.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (acceptsRecipient(address.address, options.domains)) return callback();
      const refusal = Object.assign(new Error(`No mailbox here for ${address.address}`), {
        responseCode: 550,
      });
      callback(refusal);
    },
    onData(stream, _session, callback) {
      readMessage(stream, options.maxBytes)
        .then(async ({ raw, size }) => {
          const result = await options.ingest({ raw, size, source: "smtp" });
          if (stream.sizeExceeded) {
            callback(
              Object.assign(new Error("Message exceeds fixed maximum message size"), { responseCode: 552 }),
            );
            return;
          }
          options.logger.info({ duplicate: result.duplicate, size }, "mail received over SMTP");
          callback();
        })
        .catch((error: Error) => {
          options.logger.error({ err: error }, "could not record a mail received over SMTP");
          callback(
            Object.assign(new Error("Cannot take the message now; try again later"), { responseCode: 451 }),
          );
        });
    },
  });
  server.on("error", (error) => options.logger.error({ err: error }, "SMTP listener error"));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The message's bytes, at most `maxBytes` of them (a larger one is drained, its start kept). */
async function readMessage(
  stream: SMTPServerDataStream,
  maxBytes: number,
): Promise<{ raw: Buffer; size: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (kept < maxBytes) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  }
  return { raw: Buffer.concat(chunks), size: stream.sizeExceeded ? Math.max(size, maxBytes + 1) : size };
}
