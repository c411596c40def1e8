import nodemailer from "nodemailer";
import { config } from "@/server/config";

type Mail = { to: string; subject: string; text: string };

/**
 * Sends a mail through SMTP_URL. Returns false when no SMTP server is configured, so callers
 * can tell the user to pass the message on themselves.
 */
export async function sendMail(mail: Mail): Promise<boolean> {
  const { SMTP_URL, mailFrom } = config();
  if (!SMTP_URL) return false;
  const transport = nodemailer.createTransport(SMTP_URL);
  try {
    await transport.sendMail({ from: mailFrom, ...mail });
    return true;
  } finally {
    transport.close();
  }
}
