import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { activeDomainOfHost } from "@/server/services/branding/custom-domains";
import { clientIp } from "./client-ip";
import { authSecret } from "./secret";
import { SESSION_MAX_AGE_SECONDS } from "./session-token";
import { signInWithPassword } from "./sign-in";
import { SIGN_IN_ERROR } from "./sign-in-errors";

export const authOptions: AuthOptions = {
  // Read when a request needs it, not at import: `next build` must not need secrets.
  get secret() {
    return authSecret();
  },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Code", type: "text" },
      },
      async authorize(credentials, req) {
        const email = credentials?.email ?? "";
        const password = credentials?.password ?? "";
        if (!email || !password) throw new Error(SIGN_IN_ERROR.invalid);
        // On a reseller's active custom domain only that reseller's tree may sign in.
        const domain = await activeDomainOfHost(req.headers?.host);
        const result = await signInWithPassword(
          email,
          password,
          clientIp(req.headers ?? {}),
          credentials?.code,
          domain?.accountPath,
        );
        // next-auth passes a thrown message to the sign-in form as `error`: a code, never text
        // (server/auth/sign-in-errors.ts); TWO_FACTOR_REQUIRED makes the form ask for the code.
        if (!result.ok) throw new Error(result.code);
        return {
          id: result.user.id,
          email: result.user.email,
          name: result.user.displayName,
          sessionVersion: result.user.sessionVersion,
        };
      },
    }),
  ],
  callbacks: {
    // The token carries the user id and session version only; role and account are re-read per
    // request (server/auth/session.ts), so a disabled user's session stops working at once, and
    // raising the user's session version ends every token issued before.
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub } };
    },
  },
};
