import { describe, expect, it } from "vitest";
import { detectContentType, downloadHeaders, servedContentType } from "./attachment-types.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const PNG = Uint8Array.from(
  Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
      "1f15c4890000000d4944415478da63f8cfc0f01f0005000201e2e5d5d90000000049454e44ae426082",
    "hex",
  ),
);

describe("the type of a file comes from its bytes", () => {
  it("knows binary formats by their magic numbers", async () => {
    expect(await detectContentType(PNG)).toBe("image/png");
    expect(await detectContentType(bytes("%PDF-1.7\n%âãÏÓ\n1 0 obj"))).toBe("application/pdf");
  });

  it("tells markup and scripts from plain text", async () => {
    expect(await detectContentType(bytes("\n  <!DOCTYPE html><p>hi"))).toBe("text/html");
    expect(await detectContentType(bytes("<script>alert(1)</script>"))).toBe("text/html");
    expect(
      await detectContentType(bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')),
    ).toBe("image/svg+xml");
    expect(await detectContentType(bytes('<?xml version="1.0"?><note/>'))).toBe("application/xml");
    expect(await detectContentType(bytes("#!/bin/sh\nrm -rf /"))).toBe("text/x-shellscript");
    expect(await detectContentType(bytes("Printer on floor 2 jams, a < b."))).toBe("text/plain");
  });

  it("calls unknown binary octet-stream", async () => {
    expect(await detectContentType(Uint8Array.from([0, 159, 146, 150, 1, 2]))).toBe(
      "application/octet-stream",
    );
    expect(await detectContentType(new Uint8Array())).toBe("text/plain");
  });
});

describe("how a file is served", () => {
  it("serves active content as plain bytes, never as itself", () => {
    for (const type of ["text/html", "image/svg+xml", "application/xml", "text/x-shellscript"]) {
      expect(servedContentType(type)).toBe("application/octet-stream");
    }
    expect(servedContentType("image/png")).toBe("image/png");
    expect(servedContentType("text/plain")).toBe("text/plain; charset=utf-8");
  });

  it("always as a sandboxed, unsniffed download", () => {
    expect(downloadHeaders({ name: "a.png", contentType: "image/png", size: 70 })).toEqual({
      "content-type": "image/png",
      "content-length": "70",
      "content-disposition": `attachment; filename="a.png"; filename*=UTF-8''a.png`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
    });
  });
});
