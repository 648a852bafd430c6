/** What one press release email says, to one contact. */
export interface PressReleaseEmail {
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * The email of a release to one contact: addressed by name, the release's text with the
 * organizations that sign it, and the contact's own opt-out link, in the footer and as the RFC
 * 8058 one-click headers (List-Unsubscribe with the https/http link only: no mailbox reads opt-out mail).
 */
export function pressReleaseEmail(input: {
  releaseId: string;
  title: string;
  body: string;
  organizations: readonly string[];
  contact: { name: string; email: string };
  publicUrl: string;
  optOutUrl: string;
}): PressReleaseEmail {
  const signedBy = input.organizations.length ? `\n\nCo-signed by: ${input.organizations.join(', ')}` : '';
  return {
    to: namedAddress(input.contact.name, input.contact.email),
    subject: input.title,
    text:
      `${input.body}${signedBy}\n\n--\nYou receive this release as a member of the press. ${input.publicUrl}\n` +
      `To stop receiving press releases from us: ${input.optOutUrl}`,
    headers: {
      'X-Chorus-Press-Release': input.releaseId,
      'List-Unsubscribe': `<${input.optOutUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** `"Name" <email>`: the name quoted (commas, quotes), line breaks and control characters dropped; the bare address without a name. */
export function namedAddress(name: string, email: string): string {
  const display = name
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return display ? `"${display.replace(/["\\]/g, '\\$&')}" <${email}>` : email;
}
