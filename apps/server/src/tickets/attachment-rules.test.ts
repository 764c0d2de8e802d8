import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import {
  checkAttachmentLimits,
  chooseMailAttachments,
  cleanFileName,
  contentDisposition,
} from "./attachment-rules.ts";

const limits = { maxFileBytes: 100, maxFiles: 2, maxTotalBytes: 150 };

function refusal(files: { name: string; size: number }[]) {
  try {
    checkAttachmentLimits(files, limits);
  } catch (error) {
    return error instanceof AppError
      ? { status: error.status, code: error.code, message: error.message }
      : error;
  }
  return undefined;
}

describe("attachment limits", () => {
  it("accepts files within every limit, and none at all", () => {
    expect(
      refusal([
        { name: "a", size: 100 },
        { name: "b", size: 50 },
      ]),
    ).toBeUndefined();
    expect(refusal([])).toBeUndefined();
  });

  it("refuses each limit with a 413 that names it", () => {
    expect(refusal([{ name: "big.iso", size: 101 }])).toMatchObject({
      status: 413,
      code: "attachment_too_large",
    });
    expect(refusal([1, 2, 3].map((n) => ({ name: `${n}`, size: 1 })))).toMatchObject({
      status: 413,
      code: "too_many_attachments",
      message: "Attach at most 2 files at a time",
    });
    expect(
      refusal([
        { name: "a", size: 100 },
        { name: "b", size: 51 },
      ]),
    ).toMatchObject({
      status: 413,
      code: "attachments_too_large",
    });
  });

  it("says attachments are off when no file is allowed", () => {
    expect(() => checkAttachmentLimits([{ name: "a", size: 1 }], { ...limits, maxFiles: 0 })).toThrow(
      "Attachments are turned off here",
    );
  });
});

describe("file names", () => {
  it("keeps the last part of any path", () => {
    expect(cleanFileName("C:\\fakepath\\shot.png")).toBe("shot.png");
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
  });

  it("drops control characters, mends broken emoji, and names the nameless", () => {
    expect(cleanFileName("a\u0000b\nc.txt")).toBe("abc.txt");
    expect(cleanFileName("x\ud83d.txt")).toBe("x\ufffd.txt");
    expect(cleanFileName("..")).toBe("attachment");
    expect(cleanFileName("  ")).toBe("attachment");
  });

  it("shortens a long name to 200 characters and keeps its extension", () => {
    const name = cleanFileName(`${"😀".repeat(300)}.png`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith("😀.png")).toBe(true);
  });

  it("is always a download, with an ASCII fallback and the exact UTF-8 name", () => {
    expect(contentDisposition('résumé "final".pdf')).toBe(
      `attachment; filename="r_sum_ _final_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
  });
});

describe("which files a reply mail carries", () => {
  const files = [
    { _id: "a", name: "a.png", size: 600 },
    { _id: "b", name: "b.txt", size: 400 },
  ];

  it("all of them while they fit together", () => {
    expect(chooseMailAttachments(files, 1000)).toEqual({
      attachmentIds: ["a", "b"],
      names: ["a.png", "b.txt"],
      attached: true,
    });
  });

  it("none past the cap: the mail names them and links to the ticket", () => {
    expect(chooseMailAttachments(files, 999)).toEqual({
      attachmentIds: [],
      names: ["a.png", "b.txt"],
      attached: false,
    });
  });
});
