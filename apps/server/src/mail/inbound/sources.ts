import type { Config } from "../../config.ts";
import type { Database } from "../../db/client.ts";
import type { JobSender } from "../../queue/job-queue.ts";
import { startImapPoller } from "./imap-poller.ts";
import { type InboundLogger, startSmtpListener } from "./smtp-listener.ts";
import { ingestMessage } from "./store.ts";
import { addressOf } from "./threading.ts";

export type InboundSources = { stop(): Promise<void> };

/** Starts the ways in that the configuration turns on (IMAP_URL, SMTP_INBOUND_PORT); both ingest alike. */
export async function startInboundSources(
  config: Config,
  db: Database,
  jobs: JobSender,
  logger: InboundLogger,
): Promise<InboundSources> {
  const { imap, smtp, maxBytes } = config.inbound;
  const ingest = (mail: Parameters<typeof ingestMessage>[2]) => ingestMessage(db, jobs, mail, { maxBytes });
  const poller = imap && startImapPoller({ ...imap, maxBytes, ingest, logger });
  const supportDomain = addressOf(config.mail.replyTo).split("@")[1] ?? "localhost";
  const listener =
    smtp &&
    (await startSmtpListener({
      port: smtp.port,
      host: smtp.host,
      domains: smtp.domains ?? [supportDomain],
      maxBytes,
      ingest,
      logger,
    }));
  return {
    async stop() {
      await Promise.all([poller?.stop(), listener?.stop()]);
    },
  };
}
