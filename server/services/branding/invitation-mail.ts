import { fillPlaceholders } from "@/server/domain/brand";
import { renderBrandedMail } from "./branded-mail";
import type { EffectiveBrand } from "./branding";

// The invitation, in the brand of the invited user's account: the reseller's own subject and
// text when it wrote them ({{name}}, {{link}}, {{product}}), the portal's otherwise.

export type InvitationFacts = {
  /** The invited person's name. */
  name: string;
  inviterName: string;
  accountName: string;
  link: string;
  validHours: number;
};

export type RenderedMail = { subject: string; text: string; html: string; fromName: string };

export async function invitationMail(brand: EffectiveBrand, linkBase: string, facts: InvitationFacts): Promise<RenderedMail> {
  const product = brand.productName;
  const values = { name: facts.name, link: facts.link, product };
  const subject = brand.invitationSubject
    ? fillPlaceholders(brand.invitationSubject, values)
    : `You are invited to ${product} (${facts.accountName})`;
  const paragraphs = brand.invitationText
    ? fillPlaceholders(brand.invitationText, values).split(/\n\s*\n/)
    : [
        `Hello ${facts.name},`,
        `${facts.inviterName} invited you to ${product} for ${facts.accountName}.`,
        `Set your password within ${facts.validHours} hours with this one-time link.`,
      ];
  const rendered = await renderBrandedMail(brand, linkBase, {
    preview: subject,
    paragraphs,
    action: { label: "Set your password", url: facts.link },
  });
  return { subject, ...rendered, fromName: product };
}

/** What an inviter's address already held elsewhere is told: nothing changed (users.ts, answerWithoutRevealing). */
export async function invitationNotNeededMail(
  brand: EffectiveBrand,
  linkBase: string,
  facts: Pick<InvitationFacts, "inviterName" | "accountName">,
): Promise<RenderedMail> {
  const product = brand.productName;
  const subject = `An invitation to ${product} was not needed`;
  const rendered = await renderBrandedMail(brand, linkBase, {
    preview: subject,
    paragraphs: [
      `${facts.inviterName} tried to invite this address to ${product} for ${facts.accountName}.`,
      "You already have an account with this address, so nothing was changed. Sign in as usual.",
    ],
  });
  return { subject, ...rendered, fromName: product };
}
