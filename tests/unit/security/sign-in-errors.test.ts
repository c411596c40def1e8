import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "@/server/auth/sign-in-errors";

// /sign-in?error=<anything> is a link anyone can send: the page must never show its text.
describe("the sign-in page's error parameter", () => {
  it("shows a fixed message for each known code", () => {
    expect(signInErrorMessage("INVALID")).toBe("Wrong email or password.");
    expect(signInErrorMessage("CredentialsSignin")).toBe("Wrong email or password.");
    expect(signInErrorMessage("LOCKED:1")).toBe("Too many failed sign-in attempts. Try again in 1 minute.");
    expect(signInErrorMessage("LOCKED:14")).toBe("Too many failed sign-in attempts. Try again in 14 minutes.");
    expect(signInErrorMessage("TWO_FACTOR_LOCKED")).toMatch(/recovery code/);
  });

  it("shows nothing for any other text", () => {
    for (const text of [
      "Your account is suspended. Call +1 555 0100 to restore it.",
      "<b>Session expired</b>, sign in at https://evil.example",
      "LOCKED:99999999",
      "LOCKED:soon",
      "invalid",
      "",
      "toString",
      "__proto__",
    ]) {
      expect(signInErrorMessage(text)).toBeNull();
    }
  });
});
