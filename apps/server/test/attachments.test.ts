import type { Attachment, Comment, Ticket } from "@helpdesk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Session, type TestApp } from "./harness.ts";

/** Files on tickets and replies through the API: stored, listed, served only to who may see them. */

/** A 1×1 PNG: the bytes say image/png whatever the name says. */
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201e2e5d5d90000000049454e44ae426082",
  "hex",
);
const HTML = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");

let t: TestApp;
let requester: Session;
let otherUser: Session;
let moderator: Session;

beforeAll(async () => {
  // Small limits, so the tests can cross them: 1 KB a file, 3 files, 2 KB together.
  t = await createTestApp({
    ATTACHMENT_MAX_SIZE: "1KB",
    ATTACHMENT_MAX_FILES: "3",
    ATTACHMENTS_MAX_TOTAL: "2KB",
  });
  requester = await t.signUp();
  otherUser = await t.signUp();
  moderator = await t.signUp("moderator");
});
afterAll(() => t.close());

type Upload = { name: string; bytes: Buffer };

function form(fields: Record<string, string>, files: Upload[]): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const file of files) body.append("files", new Blob([file.bytes]), file.name);
  return body;
}

async function fileTicketWith(
  session: Session,
  files: Upload[],
  fields = { title: "Printer", description: "See file" },
) {
  return t.request(session, { method: "POST", url: "/api/tickets", payload: form(fields, files) });
}

async function replyWith(
  session: Session,
  ticketId: string,
  files: Upload[],
  fields: Record<string, string>,
) {
  return t.request(session, {
    method: "POST",
    url: `/api/tickets/${ticketId}/comments`,
    payload: form(fields, files),
  });
}

const download = (session: Session, id: string) =>
  t.request(session, { method: "GET", url: `/api/attachments/${id}` });

async function ticketsOf(session: Session): Promise<Ticket[]> {
  return (await t.request(session, { method: "GET", url: "/api/tickets?mine=true" })).json().tickets;
}

async function commentsOf(session: Session, ticketId: string): Promise<Comment[]> {
  return (await t.request(session, { method: "GET", url: `/api/tickets/${ticketId}/comments` })).json()
    .comments;
}

describe("a ticket filed with files", () => {
  it("lists them in the reply and on the ticket, and serves the exact bytes as a download", async () => {
    const reply = await fileTicketWith(requester, [
      { name: "screenshot.png", bytes: PNG },
      { name: "notes.txt", bytes: Buffer.from("It started on Monday.\n") },
    ]);
    expect(reply.statusCode).toBe(201);
    const ticket: Ticket = reply.json().ticket;
    expect(ticket.title).toBe("Printer");
    expect(ticket.attachments).toEqual([
      { _id: expect.any(String), name: "screenshot.png", type: "image/png", size: PNG.length },
      { _id: expect.any(String), name: "notes.txt", type: "text/plain", size: 22 },
    ]);

    const read = await t.request(moderator, { method: "GET", url: `/api/tickets/${ticket._id}` });
    expect(read.json().ticket.attachments).toEqual(ticket.attachments);

    const [png, text] = ticket.attachments as Attachment[];
    const file = await download(moderator, (png as Attachment)._id);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(file.headers["content-type"]).toBe("image/png");
    expect(file.headers["content-length"]).toBe(String(PNG.length));
    expect(file.headers["content-disposition"]).toBe(
      `attachment; filename="screenshot.png"; filename*=UTF-8''screenshot.png`,
    );
    expect(file.headers["x-content-type-options"]).toBe("nosniff");
    expect(file.headers["content-security-policy"]).toBe("sandbox; default-src 'none'");

    const notes = await download(requester, (text as Attachment)._id);
    expect(notes.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(notes.body).toBe("It started on Monday.\n");
  });

  it("reads the type from the content: a PNG named .txt is image/png", async () => {
    const ticket: Ticket = (await fileTicketWith(requester, [{ name: "report.txt", bytes: PNG }])).json()
      .ticket;
    const [file] = ticket.attachments as Attachment[];
    expect(file?.type).toBe("image/png");
    expect((await download(requester, (file as Attachment)._id)).headers["content-type"]).toBe("image/png");
  });

  it("never serves an HTML file named .png as HTML or as an image", async () => {
    const ticket: Ticket = (await fileTicketWith(requester, [{ name: "cat.png", bytes: HTML }])).json()
      .ticket;
    const [file] = ticket.attachments as Attachment[];
    expect(file?.type).toBe("text/html");
    const served = await download(moderator, (file as Attachment)._id);
    expect(served.headers["content-type"]).toBe("application/octet-stream");
    expect(served.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(served.rawPayload.equals(HTML)).toBe(true);
  });

  it("keeps a name in any script, and the last part of a path only", async () => {
    const ticket: Ticket = (
      await fileTicketWith(requester, [{ name: "C:\\fakepath\\Grüße 📎 (1).txt", bytes: Buffer.from("hi") }])
    ).json().ticket;
    const [file] = ticket.attachments as Attachment[];
    expect(file?.name).toBe("Grüße 📎 (1).txt");
    expect((await download(requester, (file as Attachment)._id)).headers["content-disposition"]).toBe(
      `attachment; filename="Gr__e _ (1).txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%F0%9F%93%8E%20%281%29.txt`,
    );
  });

  it("is answered as before to a JSON request: no attachments field", async () => {
    const reply = await t.request(requester, {
      method: "POST",
      url: "/api/tickets",
      payload: { title: "No files", description: "Just words" },
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().ticket).not.toHaveProperty("attachments");
  });
});

describe("who may download", () => {
  it("another user gets 404 for a file on someone else's ticket; staff get it", async () => {
    const ticket: Ticket = (await fileTicketWith(requester, [{ name: "mine.png", bytes: PNG }])).json()
      .ticket;
    const id = (ticket.attachments as Attachment[])[0]?._id as string;
    const stranger = await download(otherUser, id);
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json()).toEqual({ message: "Attachment not found", error: "not_found" });
    expect((await download(moderator, id)).statusCode).toBe(200);
    expect((await download(requester, id)).statusCode).toBe(200);
  });

  it("an unknown or malformed id is 404, and signing in comes first", async () => {
    expect((await download(requester, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await download(requester, "not-an-id")).statusCode).toBe(404);
    const anonymous = await t.request(null, { method: "GET", url: "/api/attachments/not-an-id" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("an internal note's files are the team's: the requester neither sees nor downloads them", async () => {
    const ticket = await t.fileTicket(requester, "VPN", "Drops hourly");
    const note = await replyWith(
      moderator,
      ticket._id,
      [{ name: "server-log.txt", bytes: Buffer.from("secret") }],
      {
        body: "Their account is flagged",
        internal: "true",
      },
    );
    expect(note.statusCode).toBe(201);
    const comment: Comment = note.json().comment;
    expect(comment.internal).toBe(true);
    const id = (comment.attachments as Attachment[])[0]?._id as string;

    expect((await download(requester, id)).statusCode).toBe(404);
    expect(await commentsOf(requester, ticket._id)).toEqual([]);
    expect((await download(moderator, id)).statusCode).toBe(200);
    const staffView = await commentsOf(moderator, ticket._id);
    expect(staffView.map((item) => item.attachments?.map((file) => file.name))).toEqual([["server-log.txt"]]);
  });

  it("a public reply's files are the requester's to see and download", async () => {
    const ticket = await t.fileTicket(requester, "Laptop", "Fan noise");
    const reply = await replyWith(moderator, ticket._id, [{ name: "steps.png", bytes: PNG }], {
      body: "Follow these steps",
      internal: "false",
    });
    expect(reply.statusCode).toBe(201);
    const [seen] = await commentsOf(requester, ticket._id);
    expect(seen?.internal).toBe(false);
    expect(seen?.attachments).toEqual([
      { _id: expect.any(String), name: "steps.png", type: "image/png", size: PNG.length },
    ]);
    const file = await download(requester, seen?.attachments?.[0]?._id as string);
    expect(file.rawPayload.equals(PNG)).toBe(true);
  });
});

describe("limits", () => {
  const big = Buffer.alloc(1025, "a");
  const kilobyte = Buffer.alloc(1024, "b");

  it("a file over the size limit is 413, and no ticket is made", async () => {
    const person = await t.signUp();
    const reply = await fileTicketWith(person, [{ name: "huge.log", bytes: big }]);
    expect(reply.statusCode).toBe(413);
    expect(reply.json()).toEqual({
      message: "“huge.log” is too large: a file may be at most 1 KB",
      error: "attachment_too_large",
    });
    expect(await ticketsOf(person)).toEqual([]);
  });

  it("more files than allowed is 413, and no ticket is made", async () => {
    const person = await t.signUp();
    const files = ["a", "b", "c", "d"].map((name) => ({ name: `${name}.txt`, bytes: Buffer.from(name) }));
    const reply = await fileTicketWith(person, files);
    expect(reply.statusCode).toBe(413);
    expect(reply.json()).toEqual({
      message: "Attach at most 3 files at a time",
      error: "too_many_attachments",
    });
    expect(await ticketsOf(person)).toEqual([]);
  });

  it("files over the total together are 413, and no reply is saved", async () => {
    const ticket = await t.fileTicket(requester, "Scanner", "Jams");
    const reply = await replyWith(
      requester,
      ticket._id,
      [1, 2, 3].map((n) => ({ name: `${n}.txt`, bytes: kilobyte })),
      {
        body: "Three logs",
      },
    );
    expect(reply.statusCode).toBe(413);
    expect(reply.json()).toEqual({
      message: "The files come to 3 KB; together they may be at most 2 KB",
      error: "attachments_too_large",
    });
    expect(await commentsOf(requester, ticket._id)).toEqual([]);
  });

  it("says what may be sent", async () => {
    const reply = await t.request(requester, { method: "GET", url: "/api/attachments/limits" });
    expect(reply.json()).toEqual({ maxFileBytes: 1024, maxFiles: 3, maxTotalBytes: 2048 });
  });
});

describe("a multipart form is checked like JSON", () => {
  it("a missing title is 400 from the same schema, and the files are not kept", async () => {
    const person = await t.signUp();
    const reply = await fileTicketWith(person, [{ name: "a.png", bytes: PNG }], {
      title: " ",
      description: "x",
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ error: "validation_failed", message: "title: Title is required" });
    expect(await ticketsOf(person)).toEqual([]);
  });

  it("files in another field are refused with 400", async () => {
    const body = form({ title: "T", description: "D" }, []);
    body.append("attachment", new Blob([PNG]), "a.png");
    const reply = await t.request(requester, { method: "POST", url: "/api/tickets", payload: body });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error).toBe("unknown_file_field");
  });

  it("a requester cannot slip an internal note in through a form", async () => {
    const ticket = await t.fileTicket(requester, "Mouse", "Lags");
    const reply = await replyWith(requester, ticket._id, [{ name: "a.png", bytes: PNG }], {
      body: "mine",
      internal: "true",
    });
    expect(reply.statusCode).toBe(403);
    expect(await commentsOf(requester, ticket._id)).toEqual([]);
  });

  it("a broken form is 400, not 500", async () => {
    const reply = await t.request(requester, {
      method: "POST",
      url: "/api/tickets",
      headers: { "content-type": "multipart/form-data; boundary=xyz" },
      payload: '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nunfinished',
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toHaveProperty("message");
  });
});

describe("the API documentation", () => {
  it("offers multipart beside JSON on filing and replying, and documents the download", async () => {
    const spec = (await t.request(null, { method: "GET", url: "/api/openapi.json" })).json();
    for (const path of ["/api/tickets", "/api/tickets/{id}/comments"]) {
      expect(Object.keys(spec.paths[path].post.requestBody.content).sort()).toEqual([
        "application/json",
        "multipart/form-data",
      ]);
      expect(spec.paths[path].post.responses).toHaveProperty("413");
    }
    expect(spec.paths["/api/attachments/{id}"].get.responses["200"].content).toHaveProperty(
      "application/octet-stream",
    );
  });
});

describe("a retried form", () => {
  it("with the same Idempotency-Key and files is one ticket; other files under that key are 422", async () => {
    const person = await t.signUp();
    const send = (bytes: Buffer) =>
      t.request(person, {
        method: "POST",
        url: "/api/tickets",
        headers: { "idempotency-key": "form-retry-1" },
        payload: form({ title: "Retry", description: "Twice" }, [{ name: "a.txt", bytes }]),
      });
    const first = await send(Buffer.from("one"));
    const again = await send(Buffer.from("one"));
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json().ticket.attachments).toEqual(first.json().ticket.attachments);
    expect((await send(Buffer.from("two"))).statusCode).toBe(422);
    expect(await ticketsOf(person)).toHaveLength(1);
  });
});
