/** The inclusive range of extension numbers an account gives its call flows. */
export interface ExtensionRange {
  readonly min: number;
  readonly max: number;
}

/** The provider's call-flow extensions start at 500 (its example uses 501) and stay below the
 * four-digit numbers commonly given to SIP users. */
export const DEFAULT_EXTENSION_RANGE: ExtensionRange = { min: 500, max: 999 };

export function isInExtensionRange(range: ExtensionRange, extension: number): boolean {
  return Number.isSafeInteger(extension) && extension >= range.min && extension <= range.max;
}

/**
 * The lowest extension of the range that is not in use, or null when the range is full.
 * Runs in time proportional to the number of used extensions, whatever the size of the range.
 */
export function nextFreeExtension(range: ExtensionRange, usedExtensions: Iterable<number>): number | null {
  const used = new Set<number>();
  for (const extension of usedExtensions) {
    if (isInExtensionRange(range, extension)) used.add(extension);
  }
  let candidate = Math.ceil(range.min);
  while (used.has(candidate)) candidate++;
  return isInExtensionRange(range, candidate) ? candidate : null;
}
