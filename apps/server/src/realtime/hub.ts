import pg from "pg";
import type { DatabaseHandle } from "../db/client.ts";
import {
  ACCOUNT_CHANNEL,
  PRESENCE_CHANNEL,
  type PresenceMark,
  TICKET_CHANNEL,
  type TicketChange,
  ZAccountChange,
  ZPresenceMark,
  ZTicketChange,
} from "./publish.ts";

export type RealtimeHub = {
  /**
   * Calls the listener for every ticket change any process publishes; returns the unsubscribe.
   * `onMissed` is called when the hub's database connection is back after a loss: changes made
   * meanwhile were not heard, so the subscriber should read afresh what it shows.
   */
  subscribe(listener: (change: TicketChange) => void, onMissed?: () => void): () => void;
  /**
   * Calls the listener with the id of every account whose role, token version, email or disabled
   * state changed; `onMissed` as for `subscribe`. Returns the unsubscribe.
   */
  onAccountChange(listener: (userId: string) => void, onMissed?: () => void): () => void;
  /** Calls the listener with every presence mark any process publishes; returns the unsubscribe. */
  onPresence(listener: (mark: PresenceMark) => void): () => void;
  stop(): Promise<void>;
};

/**
 * One LISTEN per process, fanned out to this process's subscribers (the open SSE streams): ticket
 * changes, and account changes (a role or token version), which end that account's streams. On the
 * embedded database, NOTIFY is delivered in-process; on PostgreSQL a dedicated connection listens
 * and reconnects when it is lost.
 */
export async function startRealtimeHub(
  database: DatabaseHandle,
  onError: (error: Error) => void,
): Promise<RealtimeHub> {
  const listeners = new Set<(change: TicketChange) => void>();
  const missedListeners = new Set<() => void>();
  const accountListeners = new Set<(userId: string) => void>();
  const presenceListeners = new Set<(mark: PresenceMark) => void>();
  // Anyone with database access can NOTIFY these channels: a payload that is not ours is ignored,
  // never thrown from the connection's event handler (which would end the process).
  const dispatchTicket = (payload: string | undefined) => {
    const parsed = ZTicketChange.safeParse(parseJson(payload));
    if (!parsed.success) return;
    for (const listener of listeners) listener(parsed.data);
  };
  const dispatchAccount = (payload: string | undefined) => {
    const parsed = ZAccountChange.safeParse(parseJson(payload));
    if (!parsed.success) return;
    for (const listener of accountListeners) listener(parsed.data.userId);
  };
  const dispatchPresence = (payload: string | undefined) => {
    const parsed = ZPresenceMark.safeParse(parseJson(payload));
    if (!parsed.success) return;
    for (const listener of presenceListeners) listener(parsed.data);
  };

  let stopListening: () => Promise<void>;
  if (database.pglite) {
    const stops = [
      await database.pglite.listen(TICKET_CHANNEL, dispatchTicket),
      await database.pglite.listen(ACCOUNT_CHANNEL, dispatchAccount),
      await database.pglite.listen(PRESENCE_CHANNEL, dispatchPresence),
    ];
    stopListening = async () => {
      for (const stop of stops) await stop();
    };
  } else {
    const byChannel: Record<string, (payload: string | undefined) => void> = {
      [TICKET_CHANNEL]: dispatchTicket,
      [ACCOUNT_CHANNEL]: dispatchAccount,
      [PRESENCE_CHANNEL]: dispatchPresence,
    };
    const dispatch = (channel: string, payload: string | undefined) => byChannel[channel]?.(payload);
    stopListening = await listenOnPostgres(database.url ?? "", dispatch, onError, () => {
      for (const onMissed of missedListeners) onMissed();
    });
  }

  return {
    subscribe(listener, onMissed) {
      listeners.add(listener);
      if (onMissed) missedListeners.add(onMissed);
      return () => {
        listeners.delete(listener);
        if (onMissed) missedListeners.delete(onMissed);
      };
    },
    onAccountChange(listener, onMissed) {
      accountListeners.add(listener);
      if (onMissed) missedListeners.add(onMissed);
      return () => {
        accountListeners.delete(listener);
        if (onMissed) missedListeners.delete(onMissed);
      };
    },
    onPresence(listener) {
      presenceListeners.add(listener);
      return () => presenceListeners.delete(listener);
    },
    async stop() {
      listeners.clear();
      accountListeners.clear();
      presenceListeners.clear();
      missedListeners.clear();
      await stopListening();
    },
  };
}

async function listenOnPostgres(
  url: string,
  dispatch: (channel: string, payload: string | undefined) => void,
  onError: (error: Error) => void,
  onReconnected: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: "helpdesk-realtime" });
    // Only the connection in use may trigger a reconnect; a replaced one ending late is ignored.
    const lost = (error?: Error) => {
      if (error) onError(error);
      if (client === next) reconnect();
    };
    next.on("notification", (message) => dispatch(message.channel, message.payload));
    next.on("error", lost);
    next.on("end", () => lost());
    try {
      await next.connect();
      await next.query(`LISTEN ${TICKET_CHANNEL}; LISTEN ${ACCOUNT_CHANNEL}; LISTEN ${PRESENCE_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    client = next;
  };
  const reconnect = () => {
    if (stopped || retry) return;
    client = undefined;
    retry = setTimeout(() => {
      retry = undefined;
      connect()
        .then(onReconnected)
        .catch((error: Error) => {
          onError(error);
          reconnect();
        });
    }, 1000);
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end();
  };
}

function parseJson(payload: string | undefined): unknown {
  try {
    return JSON.parse(payload ?? "null");
  } catch {
    return null;
  }
}
