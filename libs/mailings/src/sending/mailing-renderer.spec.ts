import { simpleParser } from 'mailparser';
import { DeliveryStatus } from '../entities/mailing.entity';
import { MailingRenderer } from './mailing-renderer';

describe('MailingRenderer', () => {
  it('advertises only the one-click HTTPS unsubscribe URL (RFC 8058), no mailto: that nothing reads', async () => {
    const renderer = new MailingRenderer({
      from: 'Chorus <news@chorus.test>',
      publicUrl: 'https://chorus.test',
      jwtSecret: 'x'.repeat(32),
    });
    const build = renderer.batch({
      id: '0193a0b1-1111-7222-8333-444455556666',
      status: 'SENDING',
      subject: 'Hi',
      bodyTemplate: 'Bye: {{unsubscribeUrl}}',
      shownOrganizationIds: [],
      campaign: null,
    });
    const raw = build({
      id: '1',
      status: DeliveryStatus.SENDING,
      attempts: 1,
      personId: '0193a0b1-1111-7222-8333-444455556667',
      pressContactId: null,
      email: 'a@example.test',
      firstName: 'A',
      lastName: null,
      organization: null,
    });
    const parsed = await simpleParser(raw);
    const header = parsed.headerLines
      .find((h) => h.key === 'list-unsubscribe')!
      .line.replace(/^List-Unsubscribe:\s*/i, '')
      .replace(/\r?\n[ \t]+/g, ' ');
    expect(header).toMatch(/^<https:\/\/chorus\.test\/unsubscribe\/[\w-]+\.[\w-]+>$/);
    expect(parsed.text).toContain(header.slice(1, -1));
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
  });
});
