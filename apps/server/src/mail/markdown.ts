import { Marked, type Tokens } from "marked";
import { escapeHtml } from "./escape-html.ts";

/**
 * Markdown (the triage engine's notes) as HTML for a mail. Mail clients run no sanitiser of ours, so
 * nothing passes through as written: raw HTML is shown as text, images as their alt text (no remote
 * fetch when the mail opens), and only web links stay links — relative ones made absolute on APP_URL.
 */
export function renderMarkdownForMail(markdown: string, appUrl: string): string {
  const base = `${appUrl.replace(/\/$/, "")}/`;
  const marked = new Marked({
    gfm: true,
    async: false,
    renderer: {
      html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
      image: ({ text }: Tokens.Image) => escapeHtml(text),
      link({ href, tokens }: Tokens.Link) {
        const label = this.parser.parseInline(tokens);
        const target = webAddress(href, base);
        return target ? `<a href="${escapeHtml(target)}">${label}</a>` : label;
      },
    },
  });
  return marked.parse(markdown) as string;
}

function webAddress(href: string, base: string): string | undefined {
  try {
    const url = new URL(href, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
