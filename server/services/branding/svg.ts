import DOMPurify from "isomorphic-dompurify";

// ─── AN SVG LOGO IS MADE SAFE BEFORE IT IS STORED ─── DOMPurify's SVG profile removes scripts
// and event handlers; on top of it, nothing may reach outside the image: no foreignObject (HTML
// inside the SVG), no <style> (its @import and url() load from anywhere), and a reference
// (href, xlink:href, url(...)) may only point inside the image, or be an embedded raster image.
// The logo is served as an image with a CSP of its own as well (app/brand), so this is the first
// of two guards, and the one that holds wherever the SVG ends up (mails, other sites).

const INTERNAL_REFERENCE = /^\s*#/;
const EMBEDDED_RASTER = /^\s*data:image\/(png|jpeg|gif|webp);base64,/i;
const URL_FUNCTION = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;

function onlyInternalUrls(value: string): boolean {
  return [...value.matchAll(URL_FUNCTION)].every((match) => INTERNAL_REFERENCE.test(match[2] ?? ""));
}

/** The SVG without anything that runs or loads from elsewhere; null when no <svg> image is left. */
export function sanitizeSvg(svg: string): string | null {
  DOMPurify.addHook("uponSanitizeAttribute", (node, data) => {
    const name = data.attrName.toLowerCase();
    const value = data.attrValue;
    if (name === "href" || name === "xlink:href") {
      const embedded = node.nodeName.toLowerCase() === "image" && EMBEDDED_RASTER.test(value);
      if (!INTERNAL_REFERENCE.test(value) && !embedded) data.keepAttr = false;
    } else if (/url\(/i.test(value) && !onlyInternalUrls(value)) {
      data.keepAttr = false;
    }
  });
  try {
    const clean = DOMPurify.sanitize(svg, {
      USE_PROFILES: { svg: true, svgFilters: true },
      FORBID_TAGS: ["foreignObject", "style", "script"],
      // Names DOMPurify would keep by default but that load or link elsewhere.
      FORBID_ATTR: ["src", "action", "formaction"],
    });
    return /^\s*<svg[\s>]/i.test(clean) ? clean : null;
  } finally {
    DOMPurify.removeHooks("uponSanitizeAttribute");
  }
}
