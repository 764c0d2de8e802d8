import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../../test/wait-for.ts";
import {
  DatabaseStoppedError,
  guardStorage,
  type StorageEvent,
  WritesRefusedError,
} from "./storage-guard.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A real embedded database on a real disk, guarded with this reserve. */
async function guarded(minFreeBytes: number) {
  const dir = mkdtempSync(join(tmpdir(), "helpdesk-guard-"));
  dirs.push(dir);
  const pglite = await PGlite.create(dir);
  await pglite.exec("create table notes (body text)");
  const guard = guardStorage(pglite, { dataDir: dir, dir, minFreeBytes, intervalMs: 60_000 });
  const events: StorageEvent[] = [];
  guard.onEvent((event) => events.push(event));
  return { pglite, guard, events };
}

describe.runIf(process.env.HELPDESK_TEST_DB === "pglite")("the embedded database's storage guard", () => {
  it("refuses writes but keeps reads while less than the reserve is free, and says why", async () => {
    const { pglite, guard, events } = await guarded(Number.MAX_SAFE_INTEGER);
    expect(await guard.check()).toMatch(/^Writes are refused: no space left on device \(.+ free, less than/);
    const refused = await pglite.query("insert into notes values ('x')").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WritesRefusedError);
    expect((refused as WritesRefusedError).isDiskFull).toBe(true);
    expect((await pglite.query("select count(*)::int as n from notes")).rows).toEqual([{ n: 0 }]);
    await waitFor(() => events.length > 0);
    expect(events).toEqual([
      { kind: "writes-refused", message: expect.stringMatching(/no space left on device/) },
    ]);
    guard.stop();
    await pglite.close();
  });

  it("after PostgreSQL aborts, no query enters it again: each is refused at once, and listeners hear it once", async () => {
    const { pglite, guard, events } = await guarded(0);
    expect(await guard.check()).toBeUndefined();
    // What Emscripten calls when PostgreSQL PANICs (a log segment it could not create).
    (pglite.Module as unknown as { onAbort: () => void }).onAbort();
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(pglite.query("select 1")).rejects.toBeInstanceOf(DatabaseStoppedError);
    }
    expect(guard.isFailed()).toBe(true);
    expect(await guard.check()).toMatch(/^The embedded database stopped after a storage failure/);
    await waitFor(() => events.length > 0);
    expect(events).toEqual([
      { kind: "failed", error: expect.any(DatabaseStoppedError), message: expect.stringMatching(/stopped/) },
    ]);
    guard.stop();
  });
});
