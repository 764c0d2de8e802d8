import { maskIncidentalMentions } from "../incidental-mentions.ts";

/**
 * Ticket text and ontology terms read the same way, so that case and punctuation never decide a match:
 * lower case, accents dropped, words split at any mark ("redirect_uri_mismatch" is "redirect uri
 * mismatch", "ERROR 1045 (28000)" is "error 1045 28000", "node.js" is "node js"), but a path keeps its
 * slash ("/var" is not the word "var") and the marks that name a language stay ("C#", "C++", ".NET").
 */
export function termWords(text: string): string[] {
  const marked = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/(^|[^a-z0-9])c#/g, "$1 csharp ")
    .replace(/(^|[^a-z0-9])c\+\+/g, "$1 cplusplus ")
    .replace(/(^|[^a-z0-9])f#/g, "$1 fsharp ")
    .replace(/(^|[^a-z0-9])\.net\b/g, "$1 dotnet ");
  return marked.match(/\/?[a-z0-9]+/g) ?? [];
}

/** A word without the slash of a path, for terms that are written without one. */
export function withoutSlash(word: string): string {
  return word.startsWith("/") ? word.slice(1) : word;
}

/** The words of a ticket's title and of its description, after incidental mentions are blanked out. */
export function ticketWords(title: string, description: string): { title: string[]; description: string[] } {
  return {
    title: termWords(maskIncidentalMentions(title)),
    description: termWords(maskIncidentalMentions(description)),
  };
}
