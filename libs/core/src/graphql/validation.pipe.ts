import { applyDecorators, ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, IS_NOT_EMPTY, IsDefined, ValidateIf, ValidatorOptions } from 'class-validator';
import { BadInputError } from '../errors/domain-errors';

/**
 * For update inputs of NOT NULL columns: the field may be left out (unchanged), but an explicit
 * null is BAD_USER_INPUT "must not be null" (`@IsOptional()` would let it through to the database).
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    IsDefined({ message: 'must not be null' }),
  );
}

/** Flattens class-validator errors into `{ "field.path": "message" }`. */
export function fieldsFromValidationErrors(errors: ValidationError[], parent = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    // A null value fails every other check too; "must not be null" says it all.
    // (Two checks may say the same words: each once.)
    if (error.constraints)
      fields[path] = error.constraints.isDefined ?? [...new Set(Object.values(error.constraints))].join('; ');
    if (error.children?.length) Object.assign(fields, fieldsFromValidationErrors(error.children, path));
  }
  return fields;
}

/**
 * The project's ValidationPipe, with two checks every input gets: no string PostgreSQL cannot
 * store (a NUL character, or a lone UTF-16 surrogate that JSON's `\ud800` escapes can carry: both
 * used to surface as an internal error), and no whitespace-only value where `@IsNotEmpty` asks
 * for text (a name of three spaces is no name).
 */
class ChorusValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!isClientInput(metadata)) return value;
    const bad = pathWithBadText(value, metadata.data && !isPlainObject(value) ? metadata.data : '');
    if (bad !== null) throw new BadInputError({ [bad.path || metadata.data || 'input']: bad.problem });
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    const blank = blankFields(object);
    if (Object.keys(blank).length === 0) return errors;
    // Every problem at once: a blank name is reported with a bad email, not after it is fixed.
    throw new BadInputError({ ...blank, ...fieldsFromValidationErrors(errors) });
  }
}

/**
 * What a client sends: GraphQL arguments and HTTP body, query and route parameters. A field
 * resolver's parent object, context and info (and custom decorators such as the actor) are the
 * server's own values: validating them would copy every row of a list through class-transformer.
 */
const isClientInput = (metadata: ArgumentMetadata): boolean => !SERVER_VALUES.has(metadata.type as string | number);
/** Custom decorators, and @nestjs/graphql's GqlParamtype ROOT, CONTEXT and INFO (its enum is not exported; ARGS is 3). */
const SERVER_VALUES = new Set<string | number>(['custom', 0, 1, 2]);

/** Input values as GraphQL and JSON make them (graphql-js uses null-prototype objects), not requests or class instances. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate such as \\ud800)';
  return null;
}

/** The first string PostgreSQL cannot store, with its path (array items keep their array's name), or null. */
function pathWithBadText(value: unknown, path: string, depth = 0): { path: string; problem: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path, problem } : null;
  }
  if (depth > 20) return null; // deeper than any input type
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = pathWithBadText(item, path, depth + 1);
      if (found !== null) return { path, problem: found.problem };
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = pathWithBadText(item, path ? `${path}.${key}` : key, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Fields declared `@IsNotEmpty` whose text is only whitespace, recursing into nested inputs. */
function blankFields(object: object, parent = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(object.constructor, '', true, false);
  for (const metadata of metadatas) {
    const value = (object as Record<string, unknown>)[metadata.propertyName];
    const path = parent ? `${parent}.${metadata.propertyName}` : metadata.propertyName;
    if (metadata.name === IS_NOT_EMPTY) {
      const values = metadata.each && Array.isArray(value) ? value : [value];
      if (values.some((item) => typeof item === 'string' && item.trim() === '')) fields[path] = 'must not be blank';
    } else if (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      !isPlainObject(value) &&
      !(value instanceof Date)
    ) {
      Object.assign(fields, blankFields(value, path));
    }
  }
  return fields;
}

/** Validates every input type and argument; failures are BAD_USER_INPUT naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ChorusValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      // Arguments validated one by one (`@Args('input')`) have no parent name; leave them flat.
      return new BadInputError(fieldsFromValidationErrors(errors));
    },
  });
}

/**
 * The fields a client actually sent in an update input. Validated inputs are class instances
 * whose absent fields exist as `undefined` (ES2022 class fields); copying those onto an entity
 * would blank them in the answer.
 */
export function providedFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
