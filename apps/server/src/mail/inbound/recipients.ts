/**
 * Whether the SMTP listener takes mail for this recipient: only the domains it serves (the support
 * address's by default; "*" any). It files mail, it never relays, so this keeps strangers' spam for
 * other domains from becoming tickets.
 */
export function acceptsRecipient(address: string, domains: string[]): boolean {
  if (domains.includes("*")) return true;
  const domain = address.trim().toLowerCase().split("@").at(-1)?.replace(/>$/, "");
  return Boolean(domain) && domains.includes(domain as string);
}
