import { randomBytes } from 'node:crypto';
import type { ClaimedDelivery } from '../deliveries.queries';
import { UnsubscribeTokens } from '../unsubscribe/unsubscribe-token';
import { MailingTemplate } from './mailing-template';
import { buildMimeMessage } from './mime-message';

/** What the renderer needs of a mailing, loaded once per lane run. */
export interface MailingToSend {
  id: string;
  status: string;
  subject: string;
  bodyTemplate: string;
  /**
   * The organizations `{{organization}}` names a member by, first: the owner, or else those the
   * audience names (an admin's mailing to SPU members says SPU even to someone who joined another
   * union first).
   */
  shownOrganizationIds: string[];
  campaign: string | null;
}

export interface SenderIdentity {
  from: string;
  publicUrl: string;
  jwtSecret: string;
}

/**
 * Turns claimed deliveries into finished RFC 5322 messages: the template is compiled once per
 * mailing (cached per process), the Message-ID is derived from (mailing, recipient) so that a
 * re-sent message is recognisably the same one, and every message carries RFC 8058 headers.
 */
export class MailingRenderer {
  private readonly templates = new Map<string, MailingTemplate>();
  private readonly tokens: UnsubscribeTokens;
  readonly domain: string;
  readonly envelopeFrom: string;

  constructor(private readonly identity: SenderIdentity) {
    this.tokens = new UnsubscribeTokens(identity.jwtSecret);
    this.envelopeFrom = /<([^>]+)>/.exec(identity.from)?.[1] ?? identity.from;
    this.domain = this.envelopeFrom.split('@')[1] ?? 'chorus.localhost';
  }

  messageId(mailingId: string, recipientId: string): string {
    return `<${mailingId}.${recipientId}@${this.domain}>`;
  }

  /** A builder for one batch: one Date header and one boundary for all its messages. */
  batch(mailing: MailingToSend): (delivery: ClaimedDelivery) => string {
    const template = this.template(mailing);
    const date = new Date().toUTCString();
    const boundary = `=_chorus_${randomBytes(12).toString('hex')}`;
    return (d) => {
      const kind = d.personId ? 'person' : 'contact';
      const recipientId = (d.personId ?? d.pressContactId)!;
      const token = this.tokens.sign({ kind, recipientId, mailingId: mailing.id });
      const unsubscribeUrl = `${this.identity.publicUrl}/unsubscribe/${token}`;
      const rendered = template.render({
        firstName: d.firstName ?? '',
        lastName: d.lastName ?? '',
        email: d.email,
        organization: d.organization ?? '',
        campaign: mailing.campaign ?? '',
        unsubscribeUrl,
      });
      return buildMimeMessage(
        {
          from: this.identity.from,
          to: d.email,
          subject: rendered.subject,
          messageId: this.messageId(mailing.id, recipientId),
          date,
          headers: [
            // Only the one-click URL (RFC 8058): no mailbox reads unsubscribe mails, so no mailto:.
            ['List-Unsubscribe', `<${unsubscribeUrl}>`],
            ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
            ['Precedence', 'bulk'],
            ['X-Chorus-Mailing', mailing.id],
          ],
          text: rendered.text,
          html: rendered.html,
        },
        boundary,
      );
    };
  }

  private template(mailing: MailingToSend): MailingTemplate {
    let template = this.templates.get(mailing.id);
    if (!template) {
      if (this.templates.size > 100) this.templates.clear();
      template = new MailingTemplate(mailing.subject, mailing.bodyTemplate);
      this.templates.set(mailing.id, template);
    }
    return template;
  }
}
