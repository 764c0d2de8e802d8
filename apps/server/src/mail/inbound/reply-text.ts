import EmailReplyParser from "email-reply-parser";

/**
 * What the sender wrote in a reply: quoted history ("On … wrote:", Outlook's "From: … Sent: …"
 * block, "> " lines) and the signature are cut off. A mail that is all quote keeps its text, so a
 * reply is never filed empty.
 */
export function replyTextOf(text: string): string {
  const visible = new EmailReplyParser().parseReply(text).trim();
  return visible || text.trim();
}

/** The subject as a ticket title: reply and forward prefixes and our ticket reference taken off. */
export function titleOf(subject: string): string {
  let title = subject.replace(/\s+/g, " ").trim();
  for (;;) {
    const shorter = title
      .replace(/^\s*((re|fwd?|aw|wg|sv|vs|antw|tr|rif|r)\s*(\[\d+\])?\s*:\s*)/i, "")
      .replace(/\[#\d+\]\s*/, "")
      .trim();
    if (shorter === title) return title;
    title = shorter;
  }
}
