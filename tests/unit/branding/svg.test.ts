import { describe, expect, it } from "vitest";
import { sanitizeSvg } from "@/server/services/branding/svg";

describe("sanitizeSvg", () => {
  const attack = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
    <script>alert(1)</script>
    <style>@import url(https://evil.example/x.css);</style>
    <image xlink:href="http://evil.example/pixel.png" width="1" height="1"/>
    <use href="https://evil.example/sprite.svg#a"/>
    <a href="javascript:alert(1)"><circle r="4" onmouseover="alert(2)" style="fill:url(http://evil.example/p)"/></a>
    <foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(3)</script></body></foreignObject>
    <linearGradient id="g"><stop offset="0" stop-color="#123456"/></linearGradient>
    <rect width="4" height="4" fill="url(#g)"/>
    <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  </svg>`;

  it("keeps the drawing and nothing that runs or loads from elsewhere", () => {
    const clean = sanitizeSvg(attack)!;
    for (const gone of [
      /<script/i,
      /on(load|mouseover)/i,
      /evil\.example/,
      /javascript:/i,
      /foreignObject/i,
      /<style/i,
      /@import/,
    ]) {
      expect(clean).not.toMatch(gone);
    }
    expect(clean).toContain('fill="url(#g)"');
    expect(clean).toContain("data:image/png;base64,");
    expect(clean).toMatch(/^<svg/);
  });

  it("refuses what leaves no SVG image", () => {
    expect(sanitizeSvg("<script>alert(1)</script>")).toBeNull();
    expect(sanitizeSvg("<p>text</p>")).toBeNull();
  });
});
