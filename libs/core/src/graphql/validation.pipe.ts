import { ValidationError, ValidationPipe } from '@nestjs/common';
import { BadInputError } from '../errors/domain-errors';

/** Flattens class-validator errors into `{ "field.path": "message" }`. */
export function fieldsFromValidationErrors(errors: ValidationError[], parent = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) fields[path] = Object.values(error.constraints).join('; ');
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
