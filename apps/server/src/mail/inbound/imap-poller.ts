import { ImapFlow } from "imapflow";
import type { InboundLogger } from "./smtp-listener.ts";
import type { IngestResult, RawInbound } from "./store.ts";

export type ImapPollerOptions = {
  /** imap://user:password@host:port (imaps:// for TLS). */
  url: string;
  folder: string;
  /** Where fetched mail is moved; without it, fetched mail is flagged \Seen and stays. */
  processedFolder: string | undefined;
  maxBytes: number;
  ingest(mail: RawInbound): Promise<IngestResult>;
  logger: InboundLogger;
  /** First wait before reconnecting; it doubles up to a minute. */
  reconnectDelayMs?: number;
};

export type ImapPoller = { stop(): Promise<void> };

const MAX_RECONNECT_DELAY_MS = 60_000;

/**
 * Keeps a connection to the support mailbox, waiting with IDLE for new mail. Each unseen message
 * is recorded first and only then moved or flagged: a crash in between fetches it again, and the
 * Message-ID makes the second time a no-op. When the server goes away it reconnects with back-off.
 */
export function startImapPoller(options: ImapPollerOptions): ImapPoller {
  const firstDelay = options.reconnectDelayMs ?? 1000;
  let stopped = false;
  let client: ImapFlow | undefined;
  let wake: (() => void) | undefined;

  const run = async () => {
    let delay = firstDelay;
    while (!stopped) {
      try {
        client = connectionFor(options.url);
        await client.connect();
        delay = firstDelay;
        options.logger.info({ folder: options.folder }, "IMAP mailbox connected");
        await watchMailbox(client, options);
      } catch (error) {
        if (!stopped) options.logger.error({ err: error, retryInMs: delay }, "IMAP mailbox unavailable");
      } finally {
        client?.close();
        client = undefined;
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay).unref();
      });
      delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
    }
  };
  const running = run();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await client?.logout().catch(() => client?.close());
      await running;
    },
  };
}

function connectionFor(url: string): ImapFlow {
  const parsed = new URL(url);
  const secure = parsed.protocol === "imaps:";
  return new ImapFlow({
    host: parsed.hostname,
    port: Number(parsed.port) || (secure ? 993 : 143),
    secure,
    auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
    logger: false,
    // IDLE soon after each fetch: new mail is heard within a second, not after imapflow's 15 s default.
    autoIdleDelay: 500,
    // A dead server is noticed rather than waited on for ever.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 5 * 60_000,
  });
}

/**
 * Files what is there, then whatever arrives, until the connection closes. The mailbox is locked
 * only while fetching: imapflow idles (IDLE) while no lock is held, and hears new mail that way.
 */
async function watchMailbox(client: ImapFlow, options: ImapPollerOptions): Promise<void> {
  const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
  if (options.processedFolder) await client.mailboxCreate(options.processedFolder).catch(() => undefined);
  await client.mailboxOpen(options.folder);
  let draining: Promise<void> = Promise.resolve();
  const drain = () => {
    draining = draining
      .then(async () => {
        const lock = await client.getMailboxLock(options.folder);
        try {
          await fetchUnseen(client, options);
        } finally {
          lock.release();
        }
      })
      .catch((error: Error) => {
        options.logger.error({ err: error }, "fetching mail from IMAP failed");
        client.close();
      });
    return draining;
  };
  client.on("exists", () => void drain());
  await drain();
  await closed;
  await draining;
}

async function fetchUnseen(client: ImapFlow, options: ImapPollerOptions): Promise<void> {
  const uids = (await client.search({ seen: false }, { uid: true })) || [];
  for (const uid of uids) {
    const meta = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
    if (!meta) continue;
    const size = meta.size ?? 0;
    const whole = size <= options.maxBytes;
    const message = await client.fetchOne(String(uid), whole ? { source: true } : { headers: true }, {
      uid: true,
    });
    const raw = message ? (whole ? message.source : message.headers) : undefined;
    if (!raw) continue;
    await options.ingest({ raw, size, source: "imap" });
    if (options.processedFolder) {
      await client.messageMove(String(uid), options.processedFolder, { uid: true });
    } else {
      await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
    }
  }
}
