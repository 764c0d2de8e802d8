import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi } from "../test-kit/fake-api.ts";
import { resetTestWorld } from "../test-kit/render.tsx";
import { ApiError, api, handleSessionExpiry, sessionToken, withQuery } from "./client.ts";

afterEach(resetTestWorld);

describe("the API client", () => {
  it("finds the server's message for a form field, whatever part of the request it was in", () => {
    const error = new ApiError(400, "validation_failed", "email: Enter a valid email address", [
      { path: "body.email", message: "Enter a valid email address" },
      { path: "body.skills.2", message: "A skill is at most 60 characters" },
    ]);
    expect(error.fieldMessage("email")).toBe("Enter a valid email address");
    expect(error.fieldMessage("skills")).toBe("A skill is at most 60 characters");
    expect(error.fieldMessage("password")).toBeUndefined();
  });

  it("leaves empty filters out of the query string", () => {
    expect(withQuery("/api/tickets", { q: "", status: "TODO", limit: 20, cursor: undefined })).toBe(
      "/api/tickets?status=TODO&limit=20",
    );
    expect(withQuery("/api/tickets", {})).toBe("/api/tickets");
  });

  it("sends JSON with the session and throws what the server said when it refuses", async () => {
    sessionToken.set("s1");
    fakeApi({
      "POST /api/tickets": { status: 409, body: { message: "Already filed", error: "duplicate" } },
    });
    const refused = api("/api/tickets", { method: "POST", body: { title: "x" } });
    await expect(refused).rejects.toMatchObject({ status: 409, code: "duplicate", message: "Already filed" });
    const [, init] = vi.mocked(fetch).mock.calls[0] ?? [];
    expect(init?.headers).toMatchObject({ authorization: "Bearer s1", "content-type": "application/json" });
  });

  it("ends the session when the server no longer knows it", async () => {
    sessionToken.set("s1");
    const expired = vi.fn();
    handleSessionExpiry(expired);
    fakeApi({
      "GET /api/auth/me": { status: 401, body: { message: "Sign in again", error: "unauthorized" } },
    });
    await expect(api("/api/auth/me")).rejects.toBeInstanceOf(ApiError);
    expect(expired).toHaveBeenCalledOnce();
    handleSessionExpiry(() => {});
  });
});
