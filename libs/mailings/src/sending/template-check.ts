import { closest, distance } from 'fastest-levenshtein';
import Handlebars from 'handlebars';

/**
 * What a template may use, checked on Handlebars' own syntax tree (`Handlebars.parse`) when a
 * mailing is created or edited: a misspelled merge field would otherwise render as nothing
 * ("Hi " to thousands of people), and a partial or an unknown helper would fail at send time.
 * Allowed: the merge fields, and the block helpers #if, #unless, #each and #with; inside #each
 * and #with the context is the item, so `this`, its paths and `@index`/`@key`/`@first`/`@last`
 * are left alone, while `../field` and `@root.field` are checked against the merge fields.
 */
const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
const CONTEXT_CHANGING = new Set(['each', 'with']);
const LOOP_DATA = new Set(['index', 'key', 'first', 'last']);

/** A scope is the merge fields ('fields') or an item of #each / #with whose shape is unknown ('item'). */
type Scope = 'fields' | 'item';

type Node = hbs.AST.Node;
type Expression = hbs.AST.Expression;

class TemplateWalk {
  readonly unknownFields = new Set<string>();
  readonly otherProblems = new Set<string>();

  constructor(private readonly fields: ReadonlySet<string>) {}

  program(program: hbs.AST.Program | undefined, scopes: Scope[], inEach: boolean): void {
    for (const node of program?.body ?? []) this.statement(node, scopes, inEach);
  }

  private statement(node: Node, scopes: Scope[], inEach: boolean): void {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        if (mustache.params.length > 0 || mustache.hash?.pairs.length) {
          this.otherProblems.add(
            `{{${nameOf(mustache.path)} …}} calls a helper; only the block helpers ${helperList()} exist`,
          );
          return;
        }
        // {{{name}}} and {{&name}} skip HTML escaping: a name from a public sign-up or an import
        // would go into the HTML part as markup (the link Chorus makes itself is safe either way).
        if (!mustache.escaped && nameOf(mustache.path) !== 'unsubscribeUrl')
          this.otherProblems.add(
            `{{{${nameOf(mustache.path)}}}} (or {{&${nameOf(mustache.path)}}}) would put the field into the HTML unescaped; write {{${nameOf(mustache.path)}}}`,
          );
        // {{"name"}} or {{true}} looks up a field of that name, like a path.
        if (mustache.path.type !== 'PathExpression') this.unknownFields.add(nameOf(mustache.path));
        else this.value(mustache.path, scopes, inEach);
        return;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        const helper = nameOf(block.path);
        if (block.path.type !== 'PathExpression' || !BLOCK_HELPERS.has(helper)) {
          this.otherProblems.add(`{{#${helper}}} is not a block helper; the block helpers are ${helperList()}`);
          return;
        }
        if (block.params.length !== 1)
          this.otherProblems.add(`{{#${helper}}} takes exactly one value, e.g. {{#${helper} firstName}}`);
        for (const param of block.params) this.value(param, scopes, inEach);
        for (const pair of block.hash?.pairs ?? []) this.value(pair.value, scopes, inEach);
        const changes = CONTEXT_CHANGING.has(helper);
        this.program(block.program, changes ? [...scopes, 'item'] : scopes, inEach || helper === 'each');
        this.program(block.inverse, scopes, inEach);
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        this.otherProblems.add('partials ({{> name}}) are not available');
        return;
      default:
        // Decorators ({{* name}}) and anything a later Handlebars adds.
        this.otherProblems.add(`${node.type} is not supported`);
    }
  }

  /** An expression whose value is rendered or tested: a path must name something that exists. */
  private value(expression: Expression, scopes: Scope[], inEach: boolean): void {
    switch (expression.type) {
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
      case 'UndefinedLiteral':
      case 'NullLiteral':
        return;
      case 'SubExpression':
        this.otherProblems.add(
          `(${nameOf((expression as hbs.AST.SubExpression).path)} …) calls a helper; only the block helpers ${helperList()} exist`,
        );
        return;
      case 'PathExpression':
        return this.path(expression as hbs.AST.PathExpression, scopes, inEach);
      default:
        this.unknownFields.add(nameOf(expression));
    }
  }

  private path(path: hbs.AST.PathExpression, scopes: Scope[], inEach: boolean): void {
    if (path.data) {
      if (path.parts[0] === 'root') return this.field(path.parts.slice(1), path.original);
      if (inEach && path.parts.length === 1 && LOOP_DATA.has(path.parts[0])) return;
      this.unknownFields.add(path.original);
      return;
    }
    const scope = scopes[scopes.length - 1 - path.depth];
    if (scope === 'item') return; // an item of #each / #with: its shape is the data's
    if (scope === undefined)
      this.unknownFields.add(path.original); // ../ above the merge fields
    else this.field(path.parts, path.original);
  }

  private field(parts: string[], original: string): void {
    if (parts.length !== 1 || !this.fields.has(parts[0])) this.unknownFields.add(original);
  }
}

function nameOf(expression: Expression): string {
  return 'original' in expression ? String(expression.original) : expression.type;
}

function helperList(): string {
  return [...BLOCK_HELPERS].map((h) => `#${h}`).join(', ');
}

/** The name the user probably meant: a known field at most two edits away (case ignored). */
function suggestion(name: string, fields: readonly string[]): string | undefined {
  const meant = closest(
    name.toLowerCase(),
    fields.map((f) => f.toLowerCase()),
  );
  return distance(name.toLowerCase(), meant) <= 2 ? fields.find((f) => f.toLowerCase() === meant) : undefined;
}

/**
 * Handlebars' parse errors are several lines ("Parse error on line 2:", the text around the
 * error, a caret, "Expecting …, got …"): one line keeping the line number, the text up to the
 * error and what was expected.
 */
export function describeParseError(error: unknown): string {
  const lines = String((error as Error)?.message ?? error).split('\n');
  const caret = lines.findIndex((l) => /^-*\^$/.test(l));
  if (caret < 1) return lines.join(' ').trim();
  const where = lines[0].replace(/:\s*$/, '');
  const before = lines[caret - 1].slice(0, lines[caret].length - 1);
  const rest = lines
    .slice(caret + 1)
    .join(' ')
    .trim();
  return `${where}, after “${before}”${rest ? `: ${rest.charAt(0).toLowerCase()}${rest.slice(1)}` : ''}`;
}

/** Every problem of one template source, or null when it may be saved. */
export function checkTemplate(source: string, fields: readonly string[]): string | null {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
    Handlebars.precompile(source); // what the parser lets through and the compiler refuses
  } catch (error) {
    return `is not a valid template: ${describeParseError(error)}`;
  }
  const walk = new TemplateWalk(new Set(fields));
  walk.program(program, ['fields'], false);
  const problems: string[] = [];
  if (walk.unknownFields.size > 0) {
    const names = [...walk.unknownFields].map((name) => {
      const meant = suggestion(name, fields);
      return meant ? `{{${name}}} (did you mean {{${meant}}}?)` : `{{${name}}}`;
    });
    problems.push(
      `unknown merge field${names.length > 1 ? 's' : ''} ${names.join(', ')}; the merge fields are ${fields.join(', ')}`,
    );
  }
  problems.push(...walk.otherProblems);
  return problems.length > 0 ? problems.join('; ') : null;
}
