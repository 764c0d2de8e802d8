import { describe, expect, it } from "vitest";
import { selectionAfterClick } from "./ticket-selection.ts";

const rows = ["a", "b", "c", "d", "e"];

describe("choosing tickets for a bulk change", () => {
  it("toggles one row on a plain click", () => {
    expect([...selectionAfterClick(new Set(), rows, "b", null, false)]).toEqual(["b"]);
    expect([...selectionAfterClick(new Set(["b"]), rows, "b", "b", false)]).toEqual([]);
  });

  it("chooses every row between the last click and a shift-click, either way up", () => {
    expect([...selectionAfterClick(new Set(["b"]), rows, "d", "b", true)].sort()).toEqual(["b", "c", "d"]);
    expect([...selectionAfterClick(new Set(["d"]), rows, "a", "d", true)].sort()).toEqual([
      "a",
      "b",
      "c",
      "d",
    ]);
  });

  it("clears a range when the shift-clicked row was chosen", () => {
    const all = new Set(rows);
    expect([...selectionAfterClick(all, rows, "d", "b", true)].sort()).toEqual(["a", "e"]);
  });

  it("takes a shift-click without an earlier click as a plain one", () => {
    expect([...selectionAfterClick(new Set(), rows, "c", null, true)]).toEqual(["c"]);
  });
});
