import Handlebars from 'handlebars';

/** What a template may use: `{{firstName}}`, `{{organization}}`, `{{unsubscribeUrl}}` … */
export interface MergeFields {
  firstName: string;
  lastName: string;
  email: string;
  organization: string;
  campaign: string;
  unsubscribeUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const hb = Handlebars.create();
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The body template is plain text with merge fields. For the HTML part, its literal text is
 * escaped (merge values are escaped by Handlebars), blank lines make paragraphs.
 */
function htmlSource(body: string): string {
  const escaped = body
    .split(/(\{\{[\s\S]*?\}\})/)
    .map((part, i) => (i % 2 === 1 ? part : escapeHtml(part)))
    .join('');
  const paragraphs = escaped.split(/\r?\n\s*\r?\n/).map((p) => `<p>${p.trim().replace(/\r?\n/g, '<br>\n')}</p>`);
  return `<!doctype html><html><body>\n${paragraphs.join('\n')}\n<p style="font-size:small;color:#666"><a href="{{unsubscribeUrl}}">Unsubscribe</a> from these emails.</p>\n</body></html>\n`;
}

/** A mailing's subject and body, compiled once and rendered per recipient. */
export class MailingTemplate {
  private readonly subject: HandlebarsTemplateDelegate<MergeFields>;
  private readonly text: HandlebarsTemplateDelegate<MergeFields>;
  private readonly html: HandlebarsTemplateDelegate<MergeFields>;

  constructor(subject: string, body: string) {
    const options = { strict: false, knownHelpersOnly: false };
    this.subject = hb.compile<MergeFields>(subject, { ...options, noEscape: true });
    this.text = hb.compile<MergeFields>(`${body.trimEnd()}\n\n--\nUnsubscribe: {{unsubscribeUrl}}\n`, {
      ...options,
      noEscape: true,
    });
    this.html = hb.compile<MergeFields>(htmlSource(body), options);
  }

  /** Throws a message naming the problem when the template does not compile. */
  static check(subject: string, body: string): { field: 'subject' | 'bodyTemplate'; message: string } | null {
    for (const [field, source] of [
      ['subject', subject],
      ['bodyTemplate', body],
    ] as const) {
      try {
        hb.precompile(source);
      } catch (error) {
        return { field, message: `is not a valid template: ${(error as Error).message.split('\n')[0]}` };
      }
    }
    return null;
  }

  render(fields: MergeFields): RenderedMail {
    return { subject: this.subject(fields).replace(/[\r\n]+/g, ' '), text: this.text(fields), html: this.html(fields) };
  }
}
