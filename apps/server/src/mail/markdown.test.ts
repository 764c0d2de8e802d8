import { describe, expect, it } from "vitest";
import { renderMarkdownForMail } from "./markdown.ts";

const render = (markdown: string) => renderMarkdownForMail(markdown, "https://help.example.com/");

describe("the AI notes in a mail's HTML", () => {
  it("renders the engine's checklist and emphasis, not the markdown signs", () => {
    const html = render(
      "**Checklist (Billing)**\n\n- [ ] Check the invoice\n- [ ] Refund twice-charged cards",
    );
    expect(html).toContain("<strong>Checklist (Billing)</strong>");
    expect(html).toContain("<li>");
    expect(html).toContain("Check the invoice");
    expect(html).not.toContain("**");
  });

  it("makes links to tickets absolute on the app's address", () => {
    expect(render("See [#12 VPN drops](/tickets/abc)")).toContain(
      '<a href="https://help.example.com/tickets/abc">',
    );
  });

  it("shows raw HTML as text and never keeps a script, an image or a non-web link", () => {
    const html = render(
      '<script>alert(1)</script> <img src="http://tracker.example/p.png"> ![pixel](http://tracker.example/t.png) [x](javascript:alert(1))',
    );
    expect(html).not.toMatch(/<script|<img|href="javascript/);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("pixel");
  });
});
