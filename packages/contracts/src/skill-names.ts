/**
 * A skill name in the form server and web app compare it: lower case, accents dropped, punctuation
 * and spacing removed, but the marks that tell languages apart kept ("C#", "C++", ".NET" → "dotnet"),
 * so "node.js" is the known "Node.js" and "postg" is nothing yet. Plain code without zod, for both.
 */
export function normalizeSkill(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim()
    .replace(/^\.(?=[a-z])/, "dot")
    .replace(/[^a-z0-9+#]+/g, "");
}
