import { Transform } from 'class-transformer';

const transformString = (transform: (value: string) => unknown): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? transform(value) : value));

/**
 * A required text field: surrounding whitespace is dropped. A whitespace-only value is left as it
 * is, for the validation pipe to refuse as "must not be blank".
 */
export const TrimmedText = (): PropertyDecorator =>
  transformString((value) => (value.trim() === '' ? value : value.trim()));

/**
 * An optional text field: surrounding whitespace is dropped and a whitespace-only value is no
 * value (null), as an empty cell of an import is; `lastName: "   "` clears the last name.
 */
export const OptionalText = (): PropertyDecorator => transformString((value) => value.trim() || null);
