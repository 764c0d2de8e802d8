import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness.ts";
import { mailOutbox } from "../db/schema.ts";
import type { Mailer } from "./mailer.ts";
import { deliverOutboxMail, writeOutbox } from "./outbox.ts";

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
});
afterAll(() => testDatabase.close());

const refusingMailer: Mailer = {
  deliver: async () => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:2525");
  },
  close: () => {},
};

describe("the outbox", () => {
  it("keeps a mail pending while attempts remain, marks it failed after the last one, and sends it when retried by hand", async () => {
    const { db } = testDatabase.database;
    const mailId = await writeOutbox(db, {
      to: "someone@example.com",
      kind: "welcome",
      dedupeKey: "welcome:outbox-test",
      subject: "Welcome",
      text: "Hello",
      html: "<p>Hello</p>",
    });
    if (!mailId) throw new Error("the mail was not written");
    const statusOf = async () => (await db.select().from(mailOutbox).where(eq(mailOutbox.id, mailId)))[0];

    await expect(deliverOutboxMail(db, refusingMailer, mailId, 2)).rejects.toThrow(/ECONNREFUSED/);
    expect(await statusOf()).toMatchObject({ status: "pending", attempts: 1 });
    await expect(deliverOutboxMail(db, refusingMailer, mailId, 2)).rejects.toThrow(/ECONNREFUSED/);
    expect(await statusOf()).toMatchObject({
      status: "failed",
      attempts: 2,
      lastError: expect.stringContaining("ECONNREFUSED"),
    });

    // An admin retries the failed job once the SMTP server is back: the mail goes out, once.
    const delivered: string[] = [];
    const mailer: Mailer = { deliver: async (mail) => void delivered.push(mail.id), close: () => {} };
    await deliverOutboxMail(db, mailer, mailId, 2);
    expect(await statusOf()).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    await deliverOutboxMail(db, mailer, mailId, 2);
    expect(delivered).toEqual([mailId]);
  });
});
