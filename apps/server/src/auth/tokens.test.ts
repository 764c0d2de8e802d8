import { afterEach, describe, expect, it, vi } from "vitest";
import { createTokenIssuer } from "./tokens.ts";

const SECRET = "a-test-secret-that-is-long-enough-1234";

afterEach(() => vi.useRealTimers());

describe("session tokens", () => {
  it("reads its own token's claims, again and again", async () => {
    const tokens = createTokenIssuer(SECRET, 3600);
    const token = await tokens.issue({ userId: "u1", tokenVersion: 3 });
    expect(await tokens.read(token)).toEqual({ userId: "u1", tokenVersion: 3 });
    expect(await tokens.read(token)).toEqual({ userId: "u1", tokenVersion: 3 });
  });

  it("stops reading a remembered token once it expires", async () => {
    vi.useFakeTimers({ now: new Date("2026-12-02T10:00:00Z") });
    const tokens = createTokenIssuer(SECRET, 60);
    const token = await tokens.issue({ userId: "u1", tokenVersion: 0 });
    expect(await tokens.read(token)).not.toBeNull();
    vi.setSystemTime(new Date("2026-12-02T10:01:01Z"));
    expect(await tokens.read(token)).toBeNull();
  });

  it("never reads a token signed with another secret or altered, even after reading the real one", async () => {
    const tokens = createTokenIssuer(SECRET, 3600);
    const token = await tokens.issue({ userId: "u1", tokenVersion: 0 });
    await tokens.read(token);
    const forged = await createTokenIssuer(`${SECRET}-other`, 3600).issue({ userId: "u1", tokenVersion: 0 });
    expect(await tokens.read(forged)).toBeNull();
    const [header, , signature] = token.split(".");
    const payload = Buffer.from(JSON.stringify({ sub: "admin", tv: 0, iss: "helpdesk" })).toString(
      "base64url",
    );
    expect(await tokens.read(`${header}.${payload}.${signature}`)).toBeNull();
  });

  it("keeps remembering within its bound: the oldest token is checked again, not refused", async () => {
    const tokens = createTokenIssuer(SECRET, 3600, "helpdesk", 2);
    const issued = await Promise.all(
      ["a", "b", "c"].map((userId) => tokens.issue({ userId, tokenVersion: 0 })),
    );
    for (const token of issued) await tokens.read(token);
    expect(await Promise.all(issued.map((token) => tokens.read(token)))).toEqual(
      ["a", "b", "c"].map((userId) => ({ userId, tokenVersion: 0 })),
    );
  });

  it("a stream token is no session token", async () => {
    const sessions = createTokenIssuer(SECRET, 3600);
    const streams = createTokenIssuer(SECRET, 60, "helpdesk-stream");
    expect(await sessions.read(await streams.issue({ userId: "u1", tokenVersion: 0 }))).toBeNull();
  });
});
