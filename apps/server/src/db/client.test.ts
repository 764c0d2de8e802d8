import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client.ts";

const dataDir = mkdtempSync(join(tmpdir(), "helpdesk-lock-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the embedded database", () => {
  it("opens in one process at a time, and again once closed or its holder is gone", async () => {
    const first = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(/open in another Helpdesk process \(pid \d+\)/);
    await first.close();

    // A lock left by a process that died (no such pid) does not keep the database shut.
    writeFileSync(join(dataDir, "pglite.lock"), "999999999");
    const again = await openDatabase({ dataDir });
    expect(await again.isReachable()).toBe(true);
    await again.close();
  });
});
