import { describe, expect, it } from "vitest";
import {
  contrastProblem,
  contrastRatio,
  fillPlaceholders,
  hostOfHeader,
  normalizeHostname,
  sniffBrandImage,
  unknownPlaceholders,
} from "@/server/domain/brand";

describe("contrast (WCAG 2)", () => {
  it.each([
    ["#000000", "#ffffff", 21],
    ["#ffffff", "#ffffff", 1],
    ["#767676", "#ffffff", 4.54],
    ["#ffff00", "#ffffff", 1.07],
  ])("%s on %s is %s:1", (first, second, ratio) => {
    expect(contrastRatio(first, second)).toBeCloseTo(ratio, 2);
  });

  it("refuses a colour under 4.5:1 with the measured ratio, rounded down, and passes one above", () => {
    expect(contrastProblem("Accent colour", "#777777")).toBe(
      "Accent colour #777777 gives white text a contrast of 4.47:1; WCAG AA needs at least 4.5:1. Choose a darker colour",
    );
    expect(contrastProblem("Accent colour", "#767676")).toBeNull();
  });
});

describe("what an uploaded image is, from its bytes", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it.each([
    ["PNG", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), "image/png"],
    ["WebP", bytes("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "), "image/webp"],
    ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), "image/svg+xml"],
    ["SVG after a declaration and a comment", bytes('<?xml version="1.0"?>\n<!-- logo -->\n<svg></svg>'), "image/svg+xml"],
    ["GIF", bytes("GIF89a"), null],
    ["HTML", bytes("<html><svg></svg></html>"), null],
    ["not UTF-8", new Uint8Array([0xff, 0xfe, 0x00]), null],
  ])("%s", (_name, data, type) => {
    expect(sniffBrandImage(data)).toBe(type);
  });
});

describe("invitation placeholders", () => {
  it("fills {{name}}, {{link}} and {{product}}, and names unknown ones", () => {
    const values = { name: "Pat", link: "https://x.example/set", product: "Acme" };
    expect(fillPlaceholders("Hi {{ name }}, join {{product}}: {{link}} {{other}}", values)).toBe(
      "Hi Pat, join Acme: https://x.example/set {{other}}",
    );
    expect(unknownPlaceholders("{{name}} {{nmae}} {{ link }}")).toEqual(["nmae"]);
  });
});

describe("hostnames", () => {
  it.each([
    ["Portal.Reseller.Example.", "portal.reseller.example"],
    ["localhost", null],
    ["https://portal.example.com", null],
    ["portal.example.com/path", null],
    ["-bad.example.com", null],
    ["10.0.0.1", null],
  ])("%s", (value, hostname) => {
    expect(normalizeHostname(value)).toBe(hostname);
  });

  it("reads a Host header without its port", () => {
    expect(hostOfHeader("Portal.Reseller.Example:3000")).toBe("portal.reseller.example");
    expect(hostOfHeader("evil.example@other")).toBeNull();
    expect(hostOfHeader(null)).toBeNull();
  });
});
