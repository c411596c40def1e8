import { Body, Button, Container, Head, Hr, Html, Img, Link, Preview, render, Section, Text } from "@react-email/components";
import type { EffectiveBrand } from "./branding";

// ─── MAILS IN THE BRAND ─── Every mail to a user is one React Email template, rendered to HTML
// and to plain text from the same tree, so the two versions cannot say different things. Its
// absolute URLs (the logo, the link) start with `linkBase`, a known hostname (custom-domains.ts's
// linkBaseForPath), never a request's Host header.

export type BrandedMailContent = {
  /** The preview line mail clients show beside the subject. */
  preview: string;
  /** Paragraphs of plain text, in order; the action's button comes after them. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Paragraphs after the button. */
  after?: string[];
};

/** The footer: where to get help, and "Powered by" under a reseller's brand unless it hides it. */
function footerLinks(brand: EffectiveBrand): { text: string; href?: string }[] {
  return [
    ...(brand.supportEmail ? [{ text: `Help: ${brand.supportEmail}`, href: `mailto:${brand.supportEmail}` }] : []),
    ...(brand.supportUrl ? [{ text: brand.supportUrl, href: brand.supportUrl }] : []),
    ...(brand.hidePoweredBy || brand.ownerId === null ? [] : [{ text: "Powered by Call Flow Portal" }]),
  ];
}

function BrandedMail({ brand, linkBase, content }: { brand: EffectiveBrand; linkBase: string; content: BrandedMailContent }) {
  const logo = brand.logoUrl ? `${linkBase}${brand.logoUrl}` : null;
  return (
    <Html lang="en">
      <Head />
      <Preview>{content.preview}</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Section style={{ backgroundColor: brand.primaryColor, color: "#ffffff", padding: "12px 16px" }}>
            {logo ? <Img src={logo} alt="" height="32" style={{ display: "inline-block", verticalAlign: "middle" }} /> : null}
            <Text style={{ display: "inline-block", margin: "0 0 0 8px", fontSize: "18px", fontWeight: 600, color: "#ffffff" }}>
              {brand.productName}
            </Text>
          </Section>
          {content.paragraphs.map((paragraph, index) => (
            <Text key={index} style={{ whiteSpace: "pre-line", color: "#1c2430" }}>
              {paragraph}
            </Text>
          ))}
          {content.action ? (
            <Button
              href={content.action.url}
              style={{ backgroundColor: brand.accentColor, color: "#ffffff", padding: "10px 16px", borderRadius: "6px" }}
            >
              {content.action.label}
            </Button>
          ) : null}
          {content.action ? (
            <Text style={{ color: "#5a6472", fontSize: "13px" }}>
              Or open this link: <Link href={content.action.url}>{content.action.url}</Link>
            </Text>
          ) : null}
          {(content.after ?? []).map((paragraph, index) => (
            <Text key={index} style={{ whiteSpace: "pre-line", color: "#1c2430" }}>
              {paragraph}
            </Text>
          ))}
          <Hr />
          <Text style={{ color: "#5a6472", fontSize: "12px" }}>
            {footerLinks(brand).map((part, index) => (
              <span key={part.text}>
                {index > 0 ? " · " : null}
                {part.href ? <Link href={part.href}>{part.text}</Link> : part.text}
              </span>
            ))}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** The mail's HTML and its plain-text version. */
export async function renderBrandedMail(
  brand: EffectiveBrand,
  linkBase: string,
  content: BrandedMailContent,
): Promise<{ html: string; text: string }> {
  const element = <BrandedMail brand={brand} linkBase={linkBase} content={content} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
