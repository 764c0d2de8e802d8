import { describe, expect, it } from "vitest";
import { threadHeaders, ticketRootMessageId } from "../thread.ts";
import type { InboundMail } from "./parse.ts";
import { acceptsRecipient } from "./recipients.ts";
import { addressOf, threadKeysOf } from "./threading.ts";

const TICKET = "6f1c7a4e-1111-4222-8333-944455556666";

function mail(fields: Partial<InboundMail>): InboundMail {
  return {
    messageId: "<m@example.com>",
    from: { address: "ann@example.com", name: "" },
    to: [{ address: "support@example.com", name: "" }],
    cc: [],
    subject: "Hello",
    inReplyTo: [],
    references: [],
    headers: new Map(),
    contentType: "text/plain",
    text: "",
    files: [],
    ...fields,
  };
}

describe("what ties a mail to a ticket", () => {
  it("lists the message answered first, then References from the latest back", () => {
    const keys = threadKeysOf(
      mail({ inReplyTo: ["<c@x>"], references: ["<a@x>", "<b@x>", "<c@x>"] }),
      "support@example.com",
    );
    expect(keys.messageIds).toEqual(["<c@x>", "<b@x>", "<a@x>"]);
  });

  it("reads the ticket from the root id our mails about a web ticket carry", () => {
    const keys = threadKeysOf(mail({ references: [ticketRootMessageId(TICKET)] }), "support@example.com");
    expect(keys.ticketId).toBe(TICKET);
  });

  it("takes [#123] from the subject before a plus address", () => {
    const keys = threadKeysOf(
      mail({ subject: "Re: [#123] VPN", to: [{ address: "support+45@example.com", name: "" }] }),
      "support@example.com",
    );
    expect(keys.ticketNumber).toEqual({ number: 123, from: "subject" });
  });

  it("takes support+45@ of the support address's own domain, and no other", () => {
    const to = (address: string) => mail({ to: [{ address, name: "" }] });
    expect(threadKeysOf(to("support+45@example.com"), "support@example.com").ticketNumber).toEqual({
      number: 45,
      from: "address",
    });
    expect(threadKeysOf(to("support+45@evil.example"), "support@example.com").ticketNumber).toBeUndefined();
    expect(threadKeysOf(to("sales+45@example.com"), "support@example.com").ticketNumber).toBeUndefined();
  });

  it("finds nothing in a new mail", () => {
    expect(threadKeysOf(mail({}), "support@example.com")).toEqual({
      messageIds: [],
      ticketId: undefined,
      ticketNumber: undefined,
    });
  });

  it("reads the bare address of 'Name <address>'", () => {
    expect(addressOf("Helpdesk <Support@Example.com>")).toBe("support@example.com");
    expect(addressOf("support@example.com")).toBe("support@example.com");
  });
});

describe("the thread our mails continue", () => {
  it("hangs a web ticket's mails from its root id", () => {
    expect(threadHeaders(TICKET, [])).toEqual({
      inReplyTo: ticketRootMessageId(TICKET),
      references: [ticketRootMessageId(TICKET)],
    });
  });

  it("answers the latest mail and names the first, keeping References short", () => {
    const ids = Array.from({ length: 30 }, (_, index) => `<m${index}@x>`);
    const thread = threadHeaders(TICKET, ids);
    expect(thread.inReplyTo).toBe("<m29@x>");
    expect(thread.references[0]).toBe("<m0@x>");
    expect(thread.references).toHaveLength(10);
    expect(thread.references.at(-1)).toBe("<m29@x>");
  });
});

describe("which recipients the SMTP listener takes", () => {
  it("takes the support domain's addresses only, or any with *", () => {
    expect(acceptsRecipient("support@example.com", ["example.com"])).toBe(true);
    expect(acceptsRecipient("Support+12@EXAMPLE.com", ["example.com"])).toBe(true);
    expect(acceptsRecipient("someone@other.example", ["example.com"])).toBe(false);
    expect(acceptsRecipient("someone@other.example", ["*"])).toBe(true);
  });
});
