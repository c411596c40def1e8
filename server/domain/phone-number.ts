import {
  type CountryCode,
  getCountries,
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from "libphonenumber-js";
import examples from "libphonenumber-js/mobile/examples";
import { z } from "zod";

// Phone numbers as people type them: in their country's national format ("01632 960099") or
// international ("+44 1632 960099"), read through libphonenumber-js and stored in E.164
// ("+441632960099"), the one form the platform routes by.

/** An account's country when nobody chose one: the demo numbers, and most customers, are British. */
export const DEFAULT_COUNTRY = "GB";

/** Whether libphonenumber knows the ISO 3166 alpha-2 code ("GB", "US"). */
export function isPhoneCountry(code: string): code is CountryCode {
  return isSupportedCountry(code);
}

/**
 * The number in E.164, read as `country`'s when it has no country code; null when it cannot be a
 * phone number (wrong length, letters). Only the length is checked, not whether the range is in
 * service: fictional ranges (Ofcom's 01632 960xxx) are numbers a portal must accept.
 */
export function phoneNumberInE164(text: string, country: string): string | null {
  const parsed = parsePhoneNumberFromString(text, isPhoneCountry(country) ? country : undefined);
  return parsed?.isPossible() ? parsed.number : null;
}

/** A number of the country, in national and in E.164 form, to show what the field takes. */
export function examplePhoneNumber(country: string): { national: string; international: string } {
  // Ofcom's range for drama: an example nobody's phone answers, unlike the library's real-looking one.
  if (country === "GB") return { national: "01632 960099", international: "+441632960099" };
  const example = isPhoneCountry(country) ? getExampleNumber(country, examples) : undefined;
  return example
    ? { national: example.formatNational(), international: example.number }
    : { national: "", international: "+441632960099" };
}

/** What a field labelled `label` says when what was typed is no phone number. */
export function phoneNumberMessage(country: string, label = "Number"): string {
  const { national, international } = examplePhoneNumber(country);
  return `${label}: enter a phone number, like ${national ? `${national} or ` : ""}${international}`;
}

/** A phone number field for an account of `country`: what is typed, stored as E.164. */
export function zPhoneNumber(country: string, label = "Number") {
  return z
    .string()
    .trim()
    .transform((text, context) => {
      const number = phoneNumberInE164(text, country);
      if (number === null) context.addIssue({ code: "custom", message: phoneNumberMessage(country, label) });
      return number ?? text;
    });
}

/** A country as the form's select offers it: its code and English name, in name order. */
export type CountryOption = { code: string; name: string };

export function countryOptions(): CountryOption[] {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, "en"));
}

/** An account's country: one libphonenumber knows, so its national numbers can be read. */
export const ZCountry = z.string().trim().toUpperCase().refine(isPhoneCountry, "Country: choose a country from the list");
