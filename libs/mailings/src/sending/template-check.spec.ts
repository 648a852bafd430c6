import { MailingTemplate, MERGE_FIELDS } from './mailing-template';
import { checkTemplate } from './template-check';

const check = (source: string) => checkTemplate(source, MERGE_FIELDS);

describe('template check (merge fields on Handlebars’ syntax tree)', () => {
  it('accepts every merge field and the block helpers with their inner paths', () => {
    for (const source of [
      'Hello {{firstName}} {{lastName}} <{{email}}> of {{organization}}: {{campaign}} {{{unsubscribeUrl}}}',
      '{{#if organization}}of {{organization}}{{else}}friend{{/if}}',
      '{{#unless lastName}}Hi {{firstName}}{{/unless}} {{~firstName~}} {{this.firstName}} {{@root.email}}',
      '{{#each firstName}}{{@index}}: {{this}} {{@key}} {{@first}} {{@last}} {{../lastName}} {{@root.email}}{{else}}{{email}}{{/each}}',
      '{{#with organization as |o|}}{{o}} {{this}} {{length}} {{../firstName}}{{/with}}',
      '{{! a comment }}{{!-- {{notAField}} --}} plain text, \\{{escaped}}',
      '{{#if true}}x{{/if}}',
    ])
      expect([source, check(source)]).toEqual([source, null]);
  });

  it('names each unknown field once, suggests the field meant, and lists the merge fields', () => {
    const problem = check('Hello {{firstname}} of {{organisation}} {{firstname}} {{zzz}}');
    expect(problem).toBe(
      'unknown merge fields {{firstname}} (did you mean {{firstName}}?), {{organisation}} (did you mean {{organization}}?), {{zzz}}; ' +
        'the merge fields are firstName, lastName, email, organization, campaign, unsubscribeUrl',
    );
  });

  it('checks paths inside #if and #unless, and ../ and @root back at the merge fields from #each / #with', () => {
    expect(check('{{#if organisation}}x{{/if}}')).toMatch(/unknown merge field \{\{organisation\}\}/);
    expect(check('{{#if firstName}}{{frstName}}{{else}}{{lastNme}}{{/if}}')).toMatch(
      /\{\{frstName\}\} \(did you mean \{\{firstName\}\}\?\), \{\{lastNme\}\}/,
    );
    expect(check('{{#each firstName}}{{../nope}} {{@root.nope}}{{/each}}')).toMatch(
      /\{\{\.\.\/nope\}\}, \{\{@root\.nope\}\}/,
    );
    expect(check('{{#each firstName}}x{{else}}{{this}}{{/each}}')).toMatch(/unknown merge field \{\{this\}\}/);
    expect(check('{{"firstname"}} {{true}}')).toMatch(
      /unknown merge fields \{\{firstname\}\} \(did you mean \{\{firstName\}\}\?\), \{\{true\}\}/,
    );
    expect(check('{{this}} {{@index}} {{firstName.length}} {{../firstName}}')).toMatch(
      /unknown merge fields \{\{this\}\}, \{\{@index\}\}, \{\{firstName\.length\}\}, \{\{\.\.\/firstName\}\}/,
    );
  });

  it('refuses a person field written unescaped ({{{firstName}}} or {{&firstName}}): it would be markup in the HTML part', () => {
    expect(check('Hi {{{firstName}}}')).toMatch(
      /\{\{\{firstName\}\}\} \(or \{\{&firstName\}\}\) would put the field into the HTML unescaped/,
    );
    expect(check('Hi {{&lastName}}')).toMatch(/unescaped; write \{\{lastName\}\}/);
    expect(check('Stop: {{{unsubscribeUrl}}}')).toBeNull(); // Chorus's own link
  });

  it('refuses helpers, partials and block helpers that do not exist (they would fail at send time)', () => {
    expect(check('{{upper firstName}}')).toMatch(/\{\{upper …\}\} calls a helper/);
    expect(check('{{#if (eq firstName "x")}}y{{/if}}')).toMatch(/\(eq …\) calls a helper/);
    expect(check('{{> footer}}')).toMatch(/partials/);
    expect(check('{{#firstName}}x{{/firstName}}')).toMatch(/\{\{#firstName\}\} is not a block helper/);
    expect(check('{{#if}}x{{/if}}')).toMatch(/\{\{#if\}\} takes exactly one value/);
  });

  it('keeps the line and what was expected of a parse error', () => {
    expect(check('Dear {{firstName}},\n\nthank you {{lastName')).toBe(
      "is not a valid template: Parse error on line 3, after “...ame}},thank you {{”: expecting 'ID', 'STRING', 'NUMBER', 'BOOLEAN', 'UNDEFINED', 'NULL', 'DATA', got 'INVALID'",
    );
    expect(check('Hi {{firstName}}\n{{#if lastName}} unclosed')).toBe(
      "is not a valid template: Parse error on line 2, after “... lastName}} unclosed”: expecting 'OPEN_INVERSE_CHAIN', 'INVERSE', 'OPEN_ENDBLOCK', got 'EOF'",
    );
    expect(check('{{#if firstName}}x{{/each}}')).toBe("is not a valid template: if doesn't match each - 1:3");
  });

  it('reports the subject and the body together', () => {
    expect(MailingTemplate.check('Hi {{firstname}}', 'Hello {{firstName}} of {{organisation}}.')).toEqual({
      subject: expect.stringContaining('{{firstname}} (did you mean {{firstName}}?)'),
      bodyTemplate: expect.stringContaining('{{organisation}} (did you mean {{organization}}?)'),
    });
    expect(MailingTemplate.check('Hi {{firstName', 'Hello {{#if x}}')).toEqual({
      subject: expect.stringMatching(/^is not a valid template: Parse error on line 1/),
      bodyTemplate: expect.stringMatching(/^is not a valid template: Parse error on line 1/),
    });
  });

  it('renders what it accepts', () => {
    const template = new MailingTemplate(
      '{{#if firstName}}Hi {{firstName}}{{else}}Hello{{/if}}',
      '{{#each firstName}}{{@index}}{{/each}}{{#with organization}}of {{this}} for {{../campaign}}{{/with}}',
    );
    const fields = {
      firstName: 'Ada',
      lastName: '',
      email: 'ada@example.test',
      organization: 'SPU',
      campaign: 'the letter',
      unsubscribeUrl: 'https://x.test/u',
    };
    const rendered = template.render(fields);
    expect(rendered.subject).toBe('Hi Ada');
    expect(rendered.text).toContain('of SPU for the letter');
    expect(template.render({ ...fields, firstName: '' }).subject).toBe('Hello');
  });
});
