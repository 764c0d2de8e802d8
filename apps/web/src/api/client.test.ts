import { describe, expect, it } from "vitest";
import { ApiError, withQuery } from "./client.ts";

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
});
