import { describe, expect, it } from "vitest";
import {
  countryOptions,
  examplePhoneNumber,
  phoneNumberInE164,
  phoneNumberMessage,
  ZCountry,
  zPhoneNumber,
} from "@/server/domain/phone-number";

describe("phoneNumberInE164", () => {
  it.each([
    ["01632 960099", "GB", "+441632960099"],
    ["01632960002", "GB", "+441632960002"],
    ["+44 1632 960099", "GB", "+441632960099"],
    ["+441632960099", "US", "+441632960099"],
    ["(201) 555-0123", "US", "+12015550123"],
    ["030 12345678", "DE", "+493012345678"],
    // Already E.164, another country's: kept as it is whatever the account's country.
    ["+15555550123", "GB", "+15555550123"],
    ["  07400 123456 ", "GB", "+447400123456"],
  ])("reads %s in %s as %s", (typed, country, e164) => {
    expect(phoneNumberInE164(typed, country)).toBe(e164);
  });

  it.each([
    ["garbage", "GB"],
    ["", "GB"],
    ["0163", "GB"],
    ["01632 960099 1234 5678", "GB"],
    ["+0441632960099", "GB"],
    // A national number means nothing without a country it belongs to.
    ["01632 960099", "XX"],
  ])("refuses %s in %s", (typed, country) => {
    expect(phoneNumberInE164(typed, country)).toBeNull();
  });
});

describe("what the field says", () => {
  it("gives an example of the account's country, national and international", () => {
    expect(phoneNumberMessage("GB")).toBe("Number: enter a phone number, like 01632 960099 or +441632960099");
    expect(examplePhoneNumber("US")).toEqual({ national: "(201) 555-0123", international: "+12015550123" });
    expect(phoneNumberMessage("US", "Phone")).toBe("Phone: enter a phone number, like (201) 555-0123 or +12015550123");
  });

  it("parses a form's field to E.164 and refuses garbage at the field, naming it", () => {
    expect(zPhoneNumber("GB").parse(" 01632 960099")).toBe("+441632960099");
    const refused = zPhoneNumber("GB").safeParse("garbage");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual([
      "Number: enter a phone number, like 01632 960099 or +441632960099",
    ]);
  });
});

describe("countries", () => {
  it("are the library's, named in English in name order, and checked as ISO 3166 alpha-2 codes", () => {
    const options = countryOptions();
    expect(options.find((option) => option.code === "GB")?.name).toBe("United Kingdom");
    expect(options.length).toBeGreaterThan(200);
    const names = options.map((option) => option.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
    expect(ZCountry.parse("gb")).toBe("GB");
    expect(ZCountry.safeParse("XX").error?.issues[0]?.message).toBe("Country: choose a country from the list");
  });
});
