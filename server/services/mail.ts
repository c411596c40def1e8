import nodemailer from "nodemailer";
import { config } from "@/server/config";

type Mail = {
  to: string;
  subject: string;
  text: string;
  /** The HTML version beside the text (server/services/branding/branded-mail.tsx renders both). */
  html?: string;
  /** The sender's name, e.g. the reseller's product; the address stays MAIL_FROM's. */
  fromName?: string;
};

/** MAIL_FROM's address, without the name it may carry ("Portal <no-reply@example.com>"). */
function addressOf(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1]?.trim() ?? from.trim();
}

/**
 * Sends a mail through SMTP_URL. Returns false when no SMTP server is configured, so callers
 * can tell the user to pass the message on themselves.
 */
export async function sendMail({ fromName, ...mail }: Mail): Promise<boolean> {
  const { SMTP_URL, mailFrom } = config();
  if (!SMTP_URL) return false;
  const transport = nodemailer.createTransport(SMTP_URL);
  try {
    const from = fromName ? { name: fromName, address: addressOf(mailFrom) } : mailFrom;
    await transport.sendMail({ from, ...mail });
    return true;
  } finally {
    transport.close();
  }
}
