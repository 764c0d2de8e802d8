import type { User } from "@helpdesk/contracts";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import MailboxPage from "../pages/admin/mailbox.tsx";
import { NewTicketForm } from "../pages/new-ticket-form.tsx";
import { TicketPage } from "../pages/ticket.tsx";
import { fakeApi, type Route } from "../test-kit/fake-api.ts";
import { makeComment, makeMail, makeTicket, makeUser } from "../test-kit/fixtures.ts";
import { renderPage, resetTestWorld } from "../test-kit/render.tsx";

const requester = makeUser({ _id: "u-req", email: "requester@example.com", role: "user" });
const moderator = makeUser({ _id: "u-mod", email: "mod@example.com", role: "moderator" });
const limits = { maxFileBytes: 1024, maxFiles: 2, maxTotalBytes: 2048 };
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const file = (name: string, size: number, type = "text/plain") =>
  new File([new Uint8Array(size)], name, { type });

function serve(viewer: User, overrides: Record<string, Route> = {}) {
  return fakeApi({
    "GET /api/auth/me": { body: { user: viewer } },
    "GET /api/attachments/limits": { body: limits },
    "GET /api/tickets/t1": { body: { ticket: makeTicket() } },
    "GET /api/tickets/t1/comments": { body: { comments: [] } },
    "GET /api/tickets/t1/events": { body: { events: [] } },
    "GET /api/users/staff": { body: { users: [] } },
    "GET /api/users/skills": { body: { skills: [] } },
    "POST /api/tickets/t1/comments": { status: 201, body: { comment: makeComment() } },
    ...overrides,
  });
}

const openTicket = (viewer: User) =>
  renderPage(<TicketPage />, { as: viewer, at: "/tickets/t1", route: "/tickets/:id" });

function choose(files: File[]) {
  const input = screen.getByLabelText("Attach files", { selector: "input" });
  Object.defineProperty(input, "files", { value: files, configurable: true });
  fireEvent.change(input);
}

afterEach(resetTestWorld);

describe("the reply box's files", () => {
  it("lists chosen files with a remove button each, and sends what is left as a form", async () => {
    const server = serve(requester);
    openTicket(requester);
    const box = await screen.findByLabelText("Reply");
    choose([file("log.txt", 10), file("trace.txt", 20)]);
    const chosen = screen.getByRole("list", { name: "Files to attach" });
    expect(
      within(chosen)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual([expect.stringContaining("log.txt"), expect.stringContaining("trace.txt")]);
    fireEvent.click(screen.getByRole("button", { name: "Remove log.txt" }));
    expect(screen.queryByText("log.txt")).toBeNull();

    fireEvent.change(box, { target: { value: "Here is the trace" } });
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    await waitFor(() => expect(server.sentTo("POST /api/tickets/t1/comments")).toHaveLength(1));
    const sent = server.sentTo("POST /api/tickets/t1/comments")[0] as FormData;
    expect(sent).toBeInstanceOf(FormData);
    expect(sent.get("body")).toBe("Here is the trace");
    expect(sent.get("internal")).toBe("false");
    expect((sent.getAll("files") as File[]).map((item) => item.name)).toEqual(["trace.txt"]);
    await waitFor(() => expect(screen.queryByRole("list", { name: "Files to attach" })).toBeNull());
  });

  it("sends JSON, as before, when no file is chosen", async () => {
    const server = serve(requester);
    openTicket(requester);
    fireEvent.change(await screen.findByLabelText("Reply"), { target: { value: "Thanks" } });
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    await waitFor(() =>
      expect(server.sentTo("POST /api/tickets/t1/comments")).toEqual([{ body: "Thanks", internal: false }]),
    );
  });

  it("attaches a pasted screenshot and a dropped file", async () => {
    serve(moderator);
    openTicket(moderator);
    const box = await screen.findByLabelText("Reply");
    fireEvent.paste(box, { clipboardData: { files: [file("image.png", 8, "image/png")] } });
    fireEvent.drop(screen.getByRole("group", { name: "Attachments" }), {
      dataTransfer: { files: [file("dropped.pdf", 8, "application/pdf")] },
    });
    const chosen = screen.getByRole("list", { name: "Files to attach" });
    expect(within(chosen).getByText("image.png")).toBeTruthy();
    expect(within(chosen).getByText("dropped.pdf")).toBeTruthy();
  });

  it("says at once which file breaks a limit, and will not send until it is removed", async () => {
    serve(requester);
    openTicket(requester);
    fireEvent.change(await screen.findByLabelText("Reply"), { target: { value: "Logs" } });
    await screen.findByText(/up to 1 KB each/);
    choose([file("huge.log", 2000)]);
    expect(screen.getByRole("alert").textContent).toBe("“huge.log” is too large: a file may be at most 1 KB");
    expect((screen.getByRole("button", { name: "Send reply" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Remove huge.log" }));
    expect(screen.queryByRole("alert")).toBeNull();
    expect((screen.getByRole("button", { name: "Send reply" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows the server's refusal beside the files", async () => {
    serve(requester, {
      "POST /api/tickets/t1/comments": {
        status: 413,
        body: {
          message: "The files come to 3 MB; together they may be at most 2 MB",
          error: "attachments_too_large",
        },
      },
    });
    openTicket(requester);
    fireEvent.change(await screen.findByLabelText("Reply"), { target: { value: "Logs" } });
    choose([file("a.txt", 5)]);
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    const group = screen.getByRole("group", { name: "Attachments" });
    expect((await within(group).findByRole("alert")).textContent).toContain(
      "together they may be at most 2 MB",
    );
  });
});

describe("files on the ticket page", () => {
  it("previews a picture from its bytes, fetched with the session, and offers others as downloads", async () => {
    const server = serve(requester, {
      "GET /api/tickets/t1": {
        body: {
          ticket: makeTicket({
            attachments: [{ _id: "a1", name: "screen.png", type: "image/png", size: 8 }],
          }),
        },
      },
      "GET /api/tickets/t1/comments": {
        body: {
          comments: [
            makeComment({
              attachments: [{ _id: "a2", name: "steps.pdf", type: "application/pdf", size: 2048 }],
            }),
          ],
        },
      },
      "GET /api/attachments/a1": { body: new Blob([PNG_BYTES], { type: "image/png" }) },
    });
    openTicket(requester);
    const picture = (await screen.findByRole("img", { name: "screen.png" })) as HTMLImageElement;
    await waitFor(() => expect(picture.src).toMatch(/^blob:/));
    const download = server.calls.find((call) => call.path === "/api/attachments/a1");
    expect(download).toBeTruthy();
    const pdf = await screen.findByRole("button", { name: /^steps\.pdf ?, download$/ });
    expect(pdf.closest("li")?.textContent).toContain("2 KB");
    expect(server.calls.some((call) => call.path === "/api/attachments/a2")).toBe(false);
  });
});

describe("the new ticket form's files", () => {
  it("files the ticket with its files as one form", async () => {
    const server = fakeApi({
      "GET /api/attachments/limits": { body: limits },
      "POST /api/tickets": { status: 201, body: { message: "Ticket created", ticket: makeTicket() } },
    });
    renderPage(<NewTicketForm onCancel={() => {}} />, { as: requester });
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "Printer" } });
    fireEvent.change(screen.getByLabelText("Description"), { target: { value: "Jams on page 2" } });
    fireEvent.paste(screen.getByLabelText("Description"), {
      clipboardData: { files: [file("image.png", 8, "image/png")] },
    });
    fireEvent.click(screen.getByRole("button", { name: "File ticket" }));
    await waitFor(() => expect(server.sentTo("POST /api/tickets")).toHaveLength(1));
    const sent = server.sentTo("POST /api/tickets")[0] as FormData;
    expect([sent.get("title"), sent.get("description")]).toEqual(["Printer", "Jams on page 2"]);
    expect((sent.getAll("files") as File[]).map((item) => item.name)).toEqual(["image.png"]);
  });

  it("is keyboard reachable: the attach button is a button in the tab order", async () => {
    fakeApi({ "GET /api/attachments/limits": { body: limits } });
    renderPage(<NewTicketForm onCancel={() => {}} />, { as: requester });
    const button = screen.getByRole("button", { name: "Attach files" });
    expect(button.tabIndex).toBe(0);
    expect(screen.getByLabelText("Attach files", { selector: "input" }).tabIndex).toBe(-1);
  });
});

describe("the mailbox's files", () => {
  it("lists the files a reply mail carries", async () => {
    const admin = makeUser({ _id: "u-admin", email: "admin@example.com", role: "admin" });
    const mail = makeMail({
      subject: "New reply on [#1] Printer",
      attachments: [{ _id: "a3", name: "steps.txt", type: "text/plain", size: 12 }],
    });
    fakeApi({ "GET /api/admin/mail": { body: { mail: [mail] } } });
    renderPage(<MailboxPage />, { as: admin, at: "/admin/mail" });
    fireEvent.click(await screen.findByRole("link", { name: /New reply on/ }));
    const files = await screen.findByRole("list", { name: "Attachments" });
    expect(within(files).getByRole("button", { name: /^steps\.txt ?, download$/ })).toBeTruthy();
  });
});
