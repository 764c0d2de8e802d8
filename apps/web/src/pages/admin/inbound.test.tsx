import type { InboundMessage } from "@helpdesk/contracts";
import { fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../../test-kit/fake-api.ts";
import { makeUser } from "../../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../../test-kit/render.tsx";
import InboundPage from "./inbound.tsx";

afterEach(resetTestWorld);

const admin = makeUser({ _id: "u-admin", email: "admin@example.com", role: "admin" });
const row = (fields: Partial<InboundMessage>): InboundMessage => ({
  _id: "m1",
  messageId: "<m1@example.com>",
  source: "imap",
  from: "ann@example.com",
  subject: "VPN drops",
  size: 1200,
  outcome: "ticketed",
  reason: "new ticket #4 from ann@example.com",
  ticketId: "t4",
  receivedAt: "2026-12-02T10:00:00.000Z",
  processedAt: "2026-12-02T10:00:01.000Z",
  hasRaw: false,
  ...fields,
});

describe("the inbound log", () => {
  it("lists each mail with its outcome and why, linking the ticket it opened", async () => {
    fakeApi({
      "GET /api/admin/inbound": {
        body: {
          messages: [
            row({}),
            row({
              _id: "m2",
              from: "mailer-daemon@mx.example.com",
              subject: "Undelivered Mail",
              outcome: "ignored",
              reason: "from mailer-daemon: a bounce or a mail system's notice",
              ticketId: null,
              hasRaw: true,
            }),
          ],
          nextCursor: "next",
        },
      },
    });
    renderPage(<InboundPage />, { as: admin, at: "/admin/inbound" });
    expect(await screen.findByText("ann@example.com")).toBeTruthy();
    const badges = screen.getAllByText(/^(New ticket|Ignored)$/).filter((node) => node.tagName === "SPAN");
    expect(badges.map((badge) => badge.textContent)).toEqual(["New ticket", "Ignored"]);
    expect(screen.getByText(/a bounce or a mail system's notice/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open the ticket" }).getAttribute("href")).toBe("/tickets/t4");
    expect(screen.getByText("The raw message is kept.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Older mail" })).toBeTruthy();
  });

  it("narrows the log to held mail", async () => {
    fakeApi({ "GET /api/admin/inbound": { body: { messages: [], nextCursor: null } } });
    renderPage(<InboundPage />, { as: admin, at: "/admin/inbound" });
    fireEvent.change(await screen.findByRole("combobox", { name: "Show" }), { target: { value: "held" } });
    expect(await screen.findByText("No mail held for staff")).toBeTruthy();
  });
});
