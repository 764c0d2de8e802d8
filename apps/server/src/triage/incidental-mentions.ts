/**
 * Words about how the requester wants to be answered, and the trappings of a mail, rather than about
 * the problem: "confirm by email", "call me on my phone", "Sent from my iPhone", "Phone: +1 555 0100".
 * A ticket that says them needs no Email or Mobile skill; "our email server rejects mail" and "Outlook
 * cannot send email" still do, as nothing here matches them.
 */

/** How an answer travels; not "mobile" or "Teams", as "via the mobile app" and "through Teams" are problems. */
const REPLY_CHANNEL = "(?:e-?mails?|mail|phone|telephone|text|sms|whatsapp)";
/** Where a person can be reached once a contact verb says so: "call me on my mobile", "ping me on Slack". */
const CHANNEL =
  "(?:e-?mails?|mail|phone|telephone|mobile|cell(?:phone)?|smartphone|iphone|android|text|sms|whatsapp|teams|slack|chat)";
/** Asking to be contacted: "call me", "reach us", "get back to me", "let me know". */
const CONTACT_ME = String.raw`(?:(?:call|phone|ring|text|reach|contact|message|ping|e-?mail|mail|notify|inform|update|answer|reply|respond)\s+(?:me|us|back)|let\s+(?:me|us)\s+know|get\s+back\s+to\s+(?:me|us)|get\s+in\s+touch(?:\s+with\s+(?:me|us))?)`;
const KIND = String.raw`(?:(?:work|personal|private|office|direct|business)\s+)?`;
const WHOSE = String.raw`(?:(?:a|an|the|my|our|your|his|her|their|this|return)\s+)?${KIND}`;
const CONTACT_DETAIL = String.raw`(?:e-?mail|phone|telephone|tel|mobile|cell(?:phone)?|fax)(?:\s+(?:address|number|no\.?))?`;
/** An address or a number as a contact detail gives it: "ann@example.com", "+49 30 1234567", "<email>". */
const CONTACT_VALUE = String.raw`(?:\S+@\S+|<[^<>\n]{1,60}>|\+?\d[\d\s()./-]{4,}\d)`;

/** Fixed patterns, never built from ticket text; each is bounded, so none can backtrack far. */
const INCIDENTAL: readonly RegExp[] = [
  // The channel of the answer: "confirm by email", "reply via e-mail", "over the phone".
  new RegExp(String.raw`\b(?:by|via|over|through|per)\s+${WHOSE}${REPLY_CHANNEL}\b`, "gi"),
  // "call me on my phone", "reach us at our office number", "let me know on Slack".
  new RegExp(
    String.raw`\b${CONTACT_ME}\b[^.!?\n]{0,30}?\b(?:on|at|via|by|to|through)\s+${WHOSE}(?:${CHANNEL}|number|extension|landline|address)\b`,
    "gi",
  ),
  // "reply to this email", "respond to my e-mail", "write back to your mail".
  /\b(?:reply|replying|respond|responding|answer|write back)\s+(?:to\s+)?(?:this|my|your)\s+(?:e-?mail|mail|message)\b/gi,
  // "email me", "text us", "send me an email", "drop us a mail".
  /\b(?:e-?mail|mail|text|sms|phone)\s+(?:me|us)\b/gi,
  /\b(?:send|drop|shoot|write)\s+(?:me|us)\s+(?:an?\s+)?(?:quick\s+|short\s+)?(?:e-?mail|mail|message|text|line)\b/gi,
  // Contact details: "Phone: +49 30 1234567", "my email is ann@example.com", "my phone number";
  // "my email is not syncing" gives no detail and stays.
  new RegExp(
    String.raw`\b(?:(?:my|our)\s+${KIND})?${CONTACT_DETAIL}\s*(?:is|are|:)\s*${CONTACT_VALUE}`,
    "gi",
  ),
  new RegExp(
    String.raw`\b(?:my|our)\s+${KIND}(?:e-?mail|phone|mobile|cell(?:phone)?|telephone)\s+(?:address|number)\b`,
    "gi",
  ),
  // Stock phrases of a mail: "I hope this email finds you well", "Sent from my iPhone", "Get Outlook for iOS".
  /\b(?:hope|trust)\s+(?:that\s+)?(?:this|the|my)\s+(?:e-?mail|mail|message|note|letter)\s+finds\b/gi,
  // A signature starts a line or follows a sentence: "the file sent from my laptop" is no signature.
  /(?:^|[\n.!?])\s*sent from my\s+[\w-]+(?:\s+[\w-]+)?/gim,
  /\bget outlook for\s+(?:ios|android)\b/gi,
  // Markup a mail client left ("<br>", "</div>") and addresses in angle brackets: not prose.
  /<\/?[a-z_][^<>\n]{0,60}>/gi,
];

/** The text with every incidental mention blanked out (replaced by a space), so no word of one counts. */
export function maskIncidentalMentions(text: string): string {
  let masked = text;
  for (const pattern of INCIDENTAL) masked = masked.replace(pattern, " ");
  return masked;
}
