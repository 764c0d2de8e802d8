import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { KeyboardShortcuts, shortcutActionOf } from "./keyboard-shortcuts.tsx";

const press = (key: string, target: EventTarget | null = document.body, modifiers = {}) =>
  shortcutActionOf({ key, ctrlKey: false, metaKey: false, altKey: false, target, ...modifiers });

afterEach(cleanup);

describe("keyboard shortcuts", () => {
  it("maps the agent's keys to actions", () => {
    expect(["j", "k", "/", "r", "n", "e", "?"].map((key) => press(key))).toEqual([
      "next",
      "previous",
      "search",
      "reply",
      "note",
      "resolve",
      "help",
    ]);
    expect(press("x")).toBeNull();
  });

  it("leaves keys alone while typing and with the browser's modifiers", () => {
    for (const tag of ["input", "textarea", "select"])
      expect(press("j", document.createElement(tag))).toBeNull();
    expect(press("r", document.body, { ctrlKey: true })).toBeNull();
    expect(press("k", document.body, { metaKey: true })).toBeNull();
  });

  it("moves along the list's rows with j and k", () => {
    render(
      <>
        <KeyboardShortcuts />
        <a href="/tickets/1" data-shortcut="row">
          First
        </a>
        <a href="/tickets/2" data-shortcut="row">
          Second
        </a>
      </>,
    );
    fireEvent.keyDown(document.body, { key: "j" });
    expect(document.activeElement?.textContent).toBe("First");
    fireEvent.keyDown(document.body, { key: "j" });
    expect(document.activeElement?.textContent).toBe("Second");
    fireEvent.keyDown(document.body, { key: "k" });
    expect(document.activeElement?.textContent).toBe("First");
  });

  it("opens the reply box as an internal note with n and as a public reply with r", () => {
    render(
      <>
        <KeyboardShortcuts />
        <input type="checkbox" aria-label="Internal note" data-shortcut="internal" />
        <textarea aria-label="Reply" data-shortcut="reply" />
      </>,
    );
    const internal = screen.getByLabelText<HTMLInputElement>("Internal note");
    fireEvent.keyDown(document.body, { key: "n" });
    expect(internal.checked).toBe(true);
    expect(document.activeElement).toBe(screen.getByLabelText("Reply"));

    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(document.body, { key: "r" });
    expect(internal.checked).toBe(false);
    expect(document.activeElement).toBe(screen.getByLabelText("Reply"));
  });

  it("lists every shortcut on ?", () => {
    render(<KeyboardShortcuts />);
    fireEvent.keyDown(document.body, { key: "?" });
    expect(screen.getByRole("heading", { name: "Keyboard shortcuts" })).toBeTruthy();
    expect(screen.getByText("Resolve the ticket")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("heading", { name: "Keyboard shortcuts" })).toBeNull();
  });
});
