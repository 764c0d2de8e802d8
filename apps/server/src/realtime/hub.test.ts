import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness.ts";
import { waitFor } from "../../test/wait-for.ts";
import { type RealtimeHub, startRealtimeHub } from "./hub.ts";
import { publishTicketChange, TICKET_CHANNEL, type TicketChange } from "./publish.ts";

let testDatabase: TestDatabase;
let hub: RealtimeHub;
const errors: Error[] = [];

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  hub = await startRealtimeHub(testDatabase.database, (error) => errors.push(error));
});
afterAll(async () => {
  await hub.stop();
  await testDatabase.close();
});

describe("the realtime hub", () => {
  it("ignores notifications on its channel that are not ticket changes, and keeps delivering", async () => {
    const heard: TicketChange[] = [];
    const unsubscribe = hub.subscribe((change) => heard.push(change));
    const { db } = testDatabase.database;
    await db.execute(sql`select pg_notify(${TICKET_CHANNEL}, 'not json at all')`);
    await db.execute(sql`select pg_notify(${TICKET_CHANNEL}, '{"ticketId": 1}')`);
    const change: TicketChange = { ticketId: "t-1", kind: "updated", createdBy: "u-1" };
    await publishTicketChange(db, change);
    await waitFor(() => heard.length > 0, { what: "the valid change" });
    expect(heard).toEqual([change]);
    expect(errors).toEqual([]);
    unsubscribe();
  });
});
