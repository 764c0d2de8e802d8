import { fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi } from "../../test-kit/fake-api.ts";
import { makeMail, makeUser } from "../../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../../test-kit/render.tsx";
import MailboxPage, { mailDocument } from "./mailbox.tsx";

afterEach(resetTestWorld);

const admin = makeUser({ _id: "u-admin", email: "admin@example.com", role: "admin" });
const mail = makeMail({
  subject: "Your ticket #1 was assigned",
  text: "Hello Ada,\nsomeone is on it.",
  html: `<!doctype html><html><body><p>Hello</p><script>parent.document.title = "pwned"</script></body></html>`,
  ticketId: "t1",
});

describe("the mailbox", () => {
  it("opens a mail with its HTML only inside a sandboxed frame, and its text one tab away", async () => {
    fakeApi({ "GET /api/admin/mail": { body: { mail: [mail] } } });
    renderPage(<MailboxPage />, { as: admin, at: "/admin/mail" });

    fireEvent.click(await screen.findByRole("link", { name: /Your ticket #1 was assigned/ }));

    const frame = await screen.findByTitle(/HTML body of/);
    expect(frame.tagName).toBe("IFRAME");
    expect(frame.getAttribute("sandbox")).toBe("");
    expect(frame.getAttribute("srcdoc")).toContain("<p>Hello</p>");
    expect(screen.queryByText("Hello")).toBeNull(); // not in the app's own document
    expect(document.querySelector("script")).toBeNull();
    expect(screen.getByRole("link", { name: "Open the ticket" }).getAttribute("href")).toBe("/tickets/t1");

    fireEvent.click(screen.getByRole("tab", { name: "Plain text" }));
    expect(screen.getByText(/someone is on it/)).toBeTruthy();
  });

  it("says in words that a mail was not sent because no SMTP server is configured", async () => {
    fakeApi({ "GET /api/admin/mail": { body: { mail: [mail] } } });
    renderPage(<MailboxPage />, { as: admin, at: "/admin/mail" });
    const badges = await screen.findAllByText("Not sent: mailbox only");
    expect(badges[0]?.getAttribute("title")).toBe("Kept in this mailbox: no SMTP server is configured");
  });

  it("says so when there is no mail yet", async () => {
    fakeApi({ "GET /api/admin/mail": { body: { mail: [] } } });
    renderPage(<MailboxPage />, { as: admin, at: "/admin/mail" });
    expect(await screen.findByText("No mail yet")).toBeTruthy();
  });
});

describe("mailDocument", () => {
  it("puts a policy that loads nothing before the mail's own markup", () => {
    const document = mailDocument("<!doctype html><html><body>Hi</body></html>");
    expect(document.startsWith('<!doctype html><meta http-equiv="Content-Security-Policy"')).toBe(true);
    expect(mailDocument("<html><head><title>x</title></head></html>")).toMatch(
      /^<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'/,
    );
  });
});
