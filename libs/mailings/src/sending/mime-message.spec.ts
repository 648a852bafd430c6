import { simpleParser } from 'mailparser';
import { buildMimeMessage, mailboxHeader } from './mime-message';
import { MailingTemplate } from './mailing-template';

describe('buildMimeMessage + MailingTemplate', () => {
  it('renders merge fields into a message that a mail parser reads back', async () => {
    const template = new MailingTemplate(
      'Hi {{firstName}} – sign now',
      'Dear {{firstName}} <of> {{organization}},\n\nsign {{campaign}}.',
    );
    const rendered = template.render({
      firstName: 'Zoë <b>',
      lastName: 'X',
      email: 'z@example.test',
      organization: 'SAG & AFTRA',
      campaign: 'Stealing Isn’t Innovation',
      unsubscribeUrl: 'https://x.test/unsubscribe/abc',
    });
    const raw = buildMimeMessage(
      {
        from: 'Chorus <no-reply@chorus.test>',
        to: 'z@example.test',
        subject: rendered.subject,
        messageId: '<m.1@chorus.test>',
        date: new Date().toUTCString(),
        headers: [
          ['List-Unsubscribe', '<https://x.test/unsubscribe/abc>'],
          ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
        ],
        text: rendered.text,
        html: rendered.html,
      },
      '=_chorus_test',
    );
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Hi Zoë <b> – sign now');
    expect(parsed.messageId).toBe('<m.1@chorus.test>');
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(parsed.text).toContain('Dear Zoë <b> <of> SAG & AFTRA');
    expect(parsed.text).toContain('Unsubscribe: https://x.test/unsubscribe/abc');
    expect(parsed.html).toContain('Dear Zoë &lt;b&gt; &lt;of&gt; SAG &amp; AFTRA');
    expect(parsed.html).toContain('<a href="https://x.test/unsubscribe/abc">');
  });

  it('reports a broken template', () => {
    expect(MailingTemplate.check('ok', 'Hello {{#if firstName}} unclosed')).toEqual({
      bodyTemplate: expect.stringMatching(/^is not a valid template: Parse error on line 1/),
    });
    expect(MailingTemplate.check('ok {{firstName}}', 'fine')).toEqual({});
  });
});

describe('mailboxHeader', () => {
  it('quotes a display name with a comma and encodes one that is not ASCII, so that a parser reads one sender', async () => {
    expect(mailboxHeader('Chorus <no-reply@chorus.test>')).toBe('"Chorus" <no-reply@chorus.test>');
    expect(mailboxHeader('no-reply@chorus.test')).toBe('no-reply@chorus.test');
    for (const from of [
      'Coalition "Chorus", Union <no-reply@chorus.test>',
      'Coalición «Chorus», Unión <no-reply@chorus.test>',
    ]) {
      const parsed = await simpleParser(`From: ${mailboxHeader(from)}\r\nSubject: x\r\n\r\nbody`);
      expect(parsed.from?.value).toEqual([{ name: from.replace(/ <.*$/, ''), address: 'no-reply@chorus.test' }]);
    }
  });
});
