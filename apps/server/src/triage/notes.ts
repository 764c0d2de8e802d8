import type { SimilarTicket } from "./engine.ts";
import type { BuiltinCategory } from "./knowledge.ts";

/** What an agent checks first, per built-in category. */
const CHECKLISTS: Record<BuiltinCategory, string[]> = {
  "Account & Access": [
    "Confirm the account's email and whether it is locked, disabled or expired",
    "Check recent sign-in attempts and multi-factor enrolment",
    "Verify identity before resetting a password or changing access",
  ],
  Billing: [
    "Find the invoice or charge and the customer's plan",
    "Compare the amount with the price list and recent plan changes",
    "Check whether a refund or credit was already issued",
  ],
  Network: [
    "Ask where the user connects from (office, home, VPN) and since when",
    "Check for a known outage or change on the network path",
    "Collect a traceroute or the exact error shown",
  ],
  Hardware: [
    "Record the device model, serial number and warranty state",
    "Ask what was already tried (restart, cables, charger, drivers)",
    "Decide between remote troubleshooting and a replacement",
  ],
  "Software Bug": [
    "Get the exact version, steps to reproduce and the error message",
    "Check whether the issue reproduces for another user or environment",
    "Search for a known issue or recent release that matches",
  ],
  "Outage & Maintenance": [
    "Check monitoring and the status page: is it wider than this user?",
    "Look for a planned maintenance window or a recent deployment",
    "If many users are affected, open an incident and post an update",
  ],
  Security: [
    "Treat as sensitive: limit who sees the details",
    "Identify affected accounts and systems; revoke exposed credentials",
    "Preserve logs and follow the security incident procedure",
  ],
  "Feature Request": [
    "Restate the need behind the request and who it affects",
    "Check whether it exists already or is on the roadmap",
    "Pass it to product with the use case and urgency",
  ],
  "Orders & Returns": [
    "Find the order number, purchase date and delivery state",
    "Check the return or warranty policy that applies",
    "Agree on refund, exchange or repair and confirm it in writing",
  ],
  Sales: [
    "Identify the product, plan and number of seats of interest",
    "Share pricing or book a call with sales",
  ],
  "Human Resources": [
    "Handle personal data confidentially",
    "Route to the HR contact responsible for this topic",
  ],
  "General Inquiry": [
    "Restate the question to confirm what is asked",
    "Answer from the knowledge base or route to the right team",
  ],
};

/**
 * Markdown notes for the agent: a short checklist for the kind of ticket, then the closest
 * resolved tickets of this installation with how each was resolved.
 */
export function writeHelpfulNotes(
  category: BuiltinCategory,
  similar: readonly SimilarTicket[],
  skills: readonly string[],
): string {
  const lines = [`**Checklist (${category})**`, ...CHECKLISTS[category].map((item) => `- [ ] ${item}`)];
  if (skills.length > 0) lines.push("", `**Skills involved:** ${skills.join(", ")}`);
  if (similar.length > 0) {
    lines.push("", "**Similar resolved tickets**");
    for (const ticket of similar) {
      const resolution = ticket.resolution ? ` — resolved: ${asText(oneLine(ticket.resolution))}` : "";
      lines.push(
        `- [#${ticket.number} ${asText(oneLine(ticket.title, 80))}](/tickets/${ticket.id})${resolution}`,
      );
    }
  }
  return lines.join("\n");
}

function oneLine(text: string, limit = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/**
 * Text from a ticket, shown as written: a title like `![](http://host/t.png)[Reset VPN](http://host/ph)`
 * must not become an image or a disguised link in notes staff read. Backslash-escapes every character
 * that opens inline markdown or HTML (links and images need `[`, emphasis `*` `_` `~`, code `` ` ``,
 * raw HTML and autolinks `<`, entities `&`); block syntax cannot start mid-line. GFM still links a
 * bare URL written out in full, which shows where it goes; in a title, inside the note's own link,
 * it stays text.
 */
function asText(text: string): string {
  return text.replace(/[\\`*_[\]<>!~&]/g, "\\$&");
}
