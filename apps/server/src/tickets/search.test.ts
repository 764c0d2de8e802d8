import { describe, expect, it } from "vitest";
import { containsPattern } from "../db/like.ts";
import { looseWordsOf, ticketNumberIn } from "./search.ts";

describe("search text", () => {
  it("reads a ticket number with or without #, and nothing else as one", () => {
    expect(ticketNumberIn("#12")).toEqual({ number: 12, only: true });
    expect(ticketNumberIn(" 12 ")).toEqual({ number: 12, only: false });
    expect(ticketNumberIn("12a")).toBeUndefined();
    expect(ticketNumberIn("#")).toBeUndefined();
    expect(ticketNumberIn("1234567890")).toBeUndefined();
  });

  it("matches LIKE wildcards and backslashes literally", () => {
    expect(containsPattern("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });

  it("loosens plain words of three letters or more, and never a query with search syntax", () => {
    expect(looseWordsOf("Invoce for octber")).toEqual(["invoce", "for", "octber"]);
    expect(looseWordsOf("wi fi is down")).toEqual(["down"]);
    expect(looseWordsOf("e-mail bounces")).toEqual(["mail", "bounces"]);
    expect(looseWordsOf('"invoce"')).toEqual([]);
    expect(looseWordsOf("invoce -paid")).toEqual([]);
    expect(looseWordsOf("vpn or wifi")).toEqual([]);
  });
});
