import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

// A full date-time with an explicit offset (RFC 3339). Without one, `new Date(value)` would read
// the wall-clock time as UTC (or a date alone as UTC midnight) and an embargo would lift hours early.
const FORMAT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const MESSAGE =
  'must be an ISO-8601 date-time with seconds and an offset (Z or ±hh:mm), such as 2026-03-10T09:00:00-05:00';

/** Parses a strict date-time; throws (graphql-js turns it into BAD_USER_INPUT naming the input) otherwise. */
export function parseDateTime(value: unknown): Date {
  const m = typeof value === 'string' ? FORMAT.exec(value) : null;
  if (!m) throw new GraphQLError(MESSAGE);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  // Date.UTC rolls 2026-02-30 over to March: a changed field means the date does not exist.
  const fields = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const exists =
    fields.getUTCFullYear() === year &&
    fields.getUTCMonth() === month - 1 &&
    fields.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  const offsetOk = !m[9] || (Number(m[10]) < 24 && Number(m[11]) < 60);
  if (!exists || !offsetOk) throw new GraphQLError(MESSAGE);
  return new Date(value as string);
}

/** The contract's `DateTime` (same name as Nest's default, so the schema is unchanged), but strict on input. */
export const StrictDateTimeScalar = new GraphQLScalarType<Date | null, string | null>({
  name: 'DateTime',
  description: 'An ISO-8601 date-time with an offset, such as 2026-03-10T09:00:00-05:00; always answered in UTC.',
  parseValue: parseDateTime,
  parseLiteral(ast) {
    // The node lets the error name the argument (`embargoUntil`) rather than the whole query.
    if (ast.kind !== Kind.STRING) throw new GraphQLError(MESSAGE, { nodes: ast });
    try {
      return parseDateTime(ast.value);
    } catch (error) {
      throw new GraphQLError((error as Error).message, { nodes: ast });
    }
  },
  serialize(value) {
    return value instanceof Date ? value.toISOString() : null;
  },
});
