/** A LIKE pattern that finds `text` literally anywhere: its wildcards and backslashes escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
