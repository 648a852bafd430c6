import { applyDecorators, ValidationError, ValidationPipe } from '@nestjs/common';
import { IsDefined, ValidateIf } from 'class-validator';
import { BadInputError } from '../errors/domain-errors';

/**
 * For update inputs of NOT NULL columns: the field may be left out (unchanged), but an explicit
 * null is BAD_USER_INPUT "must not be null" (`@IsOptional()` would let it through to the database).
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return applyDecorators(ValidateIf((_object, value) => value !== undefined), IsDefined({ message: 'must not be null' }));
}

/** Flattens class-validator errors into `{ "field.path": "message" }`. */
export function fieldsFromValidationErrors(errors: ValidationError[], parent = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    // A null value fails every other check too; "must not be null" says it all.
    if (error.constraints) fields[path] = error.constraints.isDefined ?? Object.values(error.constraints).join('; ');
    if (error.children?.length) Object.assign(fields, fieldsFromValidationErrors(error.children, path));
  }
  return fields;
}

/** Validates every input type and argument; failures are BAD_USER_INPUT naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
