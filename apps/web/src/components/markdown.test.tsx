import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Markdown } from "./markdown.tsx";

afterEach(cleanup);

describe("AI notes as markdown", () => {
  it("renders checklists and emphasis", () => {
    const { container } = render(
      <Markdown>{"**Check first**\n\n- [ ] VPN client version\n- [x] Gateway up"}</Markdown>,
    );
    expect(container.querySelector("strong")?.textContent).toBe("Check first");
    expect(container.querySelectorAll('input[type="checkbox"]')).toHaveLength(2);
  });

  it("never renders HTML or script a model wrote, nor javascript: links", () => {
    const { container } = render(
      <Markdown>
        {'<img src=x onerror="alert(1)"><script>alert(2)</script>\n\n[click](javascript:alert(3))'}
      </Markdown>,
    );
    expect(container.querySelector("img, script")).toBeNull();
    expect(container.querySelector("a")?.getAttribute("href") ?? "").not.toContain("javascript:");
  });
});
