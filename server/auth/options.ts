import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret } from "./secret";
import { signInWithPassword } from "./sign-in";
import { clientIp } from "./client-ip";

const SESSION_HOURS = 12;

export const authOptions: AuthOptions = {
  // Read when a request needs it, not at import: `next build` must not create secrets.
  get secret() {
    return authSecret();
  },
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const email = credentials?.email ?? "";
        const password = credentials?.password ?? "";
        if (!email || !password) throw new Error("Enter your email and password.");
        const result = await signInWithPassword(email, password, clientIp(req.headers ?? {}));
        // next-auth passes a thrown message to the sign-in form as `error`.
        if (!result.ok) throw new Error(result.message);
        return { id: result.user.id, email: result.user.email, name: result.user.displayName };
      },
    }),
  ],
  callbacks: {
    // The token carries only the user id; role and account are re-read per request
    // (server/auth/actor.ts), so a disabled user's session stops working at once.
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub } };
    },
  },
};
