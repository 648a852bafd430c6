import { Transform } from 'class-transformer';

/** Input decorator: applies `transform` to a string value before validation (other values pass). */
export const TransformText = (transform: (value: string) => unknown): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? transform(value) : value));

/**
 * A required text field: surrounding whitespace is dropped (or `normalize` applied). A
 * whitespace-only value is left as it is, for the validation pipe to refuse as "must not be blank".
 */
export const TrimmedText = (normalize: (value: string) => string = (value) => value.trim()): PropertyDecorator =>
  TransformText((value) => (value.trim() === '' ? value : normalize(value)));

/**
 * An optional text field: surrounding whitespace is dropped and a whitespace-only value is no
 * value (null), as an empty cell of an import is; `lastName: "   "` clears the last name.
 */
export const OptionalText = (): PropertyDecorator => TransformText((value) => value.trim() || null);
