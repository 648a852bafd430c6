import Handlebars from 'handlebars';
import { BadInputError } from '@chorus/core';
import { checkTemplate } from './template-check';

/** What a template may use: `{{firstName}}`, `{{organization}}`, `{{unsubscribeUrl}}` … (checked on create and edit). */
export const MERGE_FIELDS = ['firstName', 'lastName', 'email', 'organization', 'campaign', 'unsubscribeUrl'] as const;
export type MergeFields = Record<(typeof MERGE_FIELDS)[number], string>;

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

  /**
   * Every problem of the subject and the body at once, keyed by field (empty when both may be
   * saved): parse errors (line and what was expected), unknown merge fields, helpers and partials
   * that do not exist.
   */
  static check(subject: string, body: string): Partial<Record<'subject' | 'bodyTemplate', string>> {
    const problems: Partial<Record<'subject' | 'bodyTemplate', string>> = {};
    for (const [field, source] of [
      ['subject', subject],
      ['bodyTemplate', body],
    ] as const) {
      const problem = checkTemplate(source, MERGE_FIELDS);
      if (problem) problems[field] = problem;
    }
    return problems;
  }

  /** BAD_USER_INPUT naming every broken field (`subject`, `bodyTemplate`) with its problems. */
  static assertValid(subject: string, body: string): void {
    const problems = MailingTemplate.check(subject, body);
    if (Object.keys(problems).length > 0) throw new BadInputError(problems);
  }

  render(fields: MergeFields): RenderedMail {
    return { subject: this.subject(fields).replace(/[\r\n]+/g, ' '), text: this.text(fields), html: this.html(fields) };
  }
}
