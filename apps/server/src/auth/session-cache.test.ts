import { describe, expect, it } from "vitest";
import { createSessionCache, type SessionAccount } from "./session-cache.ts";

const account = (id: string, role: SessionAccount["role"] = "user"): SessionAccount => ({
  id,
  email: `${id}@example.com`,
  role,
  tokenVersion: 0,
  disabled: false,
});

describe("session cache", () => {
  it("forgets an account that changed, and everything after a clear", () => {
    const cache = createSessionCache();
    cache.set(account("a", "moderator"));
    cache.set(account("b"));
    cache.forget("a");
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("b")?.role).toBe("user");
    cache.clear();
    expect(cache.get("b")).toBeUndefined();
  });

  it("holds at most its bound, dropping the account set longest ago", () => {
    const cache = createSessionCache(2);
    cache.set(account("a"));
    cache.set(account("b"));
    cache.set(account("a"));
    cache.set(account("c"));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
  });
});
