import { ASTNode, BREAK, GraphQLError, GraphQLFormattedError, Kind, parse, visit } from 'graphql';
import { HttpException } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, ErrorCode, RateLimitedError } from '../errors/domain-errors';
import { limitMessage } from './graphql-limits.messages';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
};

export type UnexpectedErrorReporter = (error: unknown) => string;

/**
 * Turns every error into the contract's shape: `extensions.code` from our vocabulary,
 * `extensions.fields` for bad input, and for anything unexpected a generic message with a
 * reference — never a stack trace or SQL.
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
  report: UnexpectedErrorReporter,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  formatted = { ...formatted, message: hideSuggestions(formatted.message) };
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof RateLimitedError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, retryAfter: original.retryAfterSeconds },
    };
  }
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, ...(original.fields ? { fields: original.fields } : {}) },
    };
  }
  if (original instanceof HttpException) {
    const code = STATUS_CODES[original.getStatus()];
    if (code) return { ...base, message: original.message, extensions: { code } };
  }
  const code = formatted.extensions?.code;
  const limit = limitMessage(formatted.message);
  if (limit) return { message: limit, extensions: { code: 'BAD_USER_INPUT', fields: { query: limit } } };
  if (
    code === 'GRAPHQL_VALIDATION_FAILED' ||
    code === 'GRAPHQL_PARSE_FAILED' ||
    code === 'BAD_USER_INPUT' ||
    code === 'BAD_REQUEST'
  ) {
    return {
      ...base,
      extensions: {
        code: 'BAD_USER_INPUT',
        fields:
          fieldsFromLiteral(error, formatted.message) ??
          fieldsFromVariable(error, formatted.message) ??
          fieldsFromGraphqlMessage(formatted.message),
      },
    };
  }
  if (code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'OPERATION_RESOLUTION_FAILURE') {
    return { ...base, extensions: { code: 'BAD_USER_INPUT', fields: { query: formatted.message } } };
  }
  const reference = report(original);
  return {
    message: `Internal server error (reference ${reference})`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', reference },
  };
}

/**
 * graphql-js suggests names it knows ("Did you mean the enum value "UNION"?"), which maps the
 * schema for someone without introspection. graphql-armor masks only the field and type
 * suggestions (`Did you mean "…"?`), not the enum values' wording: this masks every one alike.
 */
export function hideSuggestions(message: string): string {
  return message.replace(/Did you mean [^?]*\?/g, '[Suggestion hidden]');
}

/**
 * graphql-js names the offending input in its messages; this maps them to `fields` keys
 * (the path inside the variable, e.g. `kind` for `at "input.kind"`).
 */
export function fieldsFromGraphqlMessage(message: string): Record<string, string> {
  const reason = message.split('; ').slice(-1)[0];
  const at = /Variable "\$(\w+)" got invalid value .*? at "([^"]+)"/.exec(message);
  if (at) {
    const path = at[2].split('.');
    return { [path[0] === at[1] && path.length > 1 ? path.slice(1).join('.') : path.join('.')]: reason };
  }
  const missing = /Field "(?:\w+\.)?(\w+)" of required type "[^"]+" was not provided/.exec(message);
  if (missing) return { [missing[1]]: 'is required' };
  const notDefined = /Field "(\w+)" is not defined by type/.exec(message);
  if (notDefined) return { [notDefined[1]]: 'is not a field of this input' };
  const variable = /Variable "\$(\w+)"/.exec(message);
  if (variable) return { [variable[1]]: reason };
  const argument = /[Aa]rgument "(?:\w+\.)?(\w+)"/.exec(message);
  if (argument) return { [argument[1]]: reason };
  return { query: message };
}

/**
 * For a bad value written inline in the query (not in a variable), graphql-js's message names
 * only the type ("Int cannot represent non-integer value: …"). The error's AST node says where
 * the value is: this finds it in the query and keys `fields` by its path inside the argument
 * (`kind` for `input: { kind: CARTEL }`, `first` for `first: "ten"`), like variables' errors.
 */
export function fieldsFromLiteral(error: unknown, message: string): Record<string, string> | null {
  const node = error instanceof GraphQLError ? error.nodes?.[0] : undefined;
  if (!node?.loc || message.startsWith('Variable "$')) return null;
  const names = inputPathOf(node);
  if (!names.length) return null;
  const key = (path: string[]) => (path.length > 1 ? path.slice(1) : path).join('.');
  const missing = /Field "(?:\w+\.)?(\w+)" of required type "[^"]+" was not provided/.exec(message);
  if (missing) return { [key([...names, missing[1]])]: 'is required' };
  if (/Field "\w+" is not defined by type/.test(message)) return { [key(names)]: 'is not a field of this input' };
  return { [key(names)]: message };
}

/**
 * A variable refused as a whole (`Variable "$e" got invalid value "2026-03-10"; …`) is keyed by
 * the argument it feeds (`embargoUntil`), or its path inside an inline input, not by the
 * variable's name, which the server's API does not know.
 */
export function fieldsFromVariable(error: unknown, message: string): Record<string, string> | null {
  const variable = /^Variable "\$(\w+)" got invalid value (?:(?! at ").)*?; /s.exec(message);
  const body = error instanceof GraphQLError ? error.nodes?.[0]?.loc?.source.body : undefined;
  if (!variable || !body) return null;
  let names: string[] = [];
  try {
    visit(parse(body), {
      Variable(node, _key, parent, _path, ancestors) {
        if (node.name.value !== variable[1] || (parent as ASTNode | undefined)?.kind === Kind.VARIABLE_DEFINITION)
          return undefined;
        names = [...ancestors, parent].flatMap((a) =>
          a && !Array.isArray(a) && ((a as ASTNode).kind === Kind.ARGUMENT || (a as ASTNode).kind === Kind.OBJECT_FIELD)
            ? [(a as { name: { value: string } }).name.value]
            : [],
        );
        return BREAK;
      },
    });
  } catch {
    return null;
  }
  if (!names.length) return null;
  return { [(names.length > 1 ? names.slice(1) : names).join('.')]: message.slice(variable[0].length) };
}

/** The argument and input field names from the operation down to `target` (re-parsed from its source). */
function inputPathOf(target: ASTNode): string[] {
  let names: string[] = [];
  try {
    visit(parse(target.loc!.source.body), {
      enter(node, _key, parent, _path, ancestors) {
        if (node.kind !== target.kind || node.loc?.start !== target.loc!.start) return undefined;
        // `ancestors` leaves out the direct parent.
        names = [...ancestors, parent, node].flatMap((a) =>
          a && !Array.isArray(a) && ((a as ASTNode).kind === Kind.ARGUMENT || (a as ASTNode).kind === Kind.OBJECT_FIELD)
            ? [(a as { name: { value: string } }).name.value]
            : [],
        );
        return BREAK;
      },
    });
  } catch {
    return []; // an unparsable query has no argument to name
  }
  return names;
}
