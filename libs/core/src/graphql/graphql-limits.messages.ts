/**
 * What a client is told when a query passes a limit: which limit, never its value (OWASP: do
 * not help an attacker tune a query to just below it), and not labelled "Syntax Error" as
 * graphql-armor and graphql-js label theirs.
 */
export const LIMIT_MESSAGES = {
  depth: 'The query is nested too deeply.',
  aliases: 'The query uses too many aliases.',
  directives: 'The query uses too many directives.',
  tokens: 'The query is too long.',
  cost: 'The query asks for too much data at once: request fewer items (first) or fewer nested lists.',
} as const;

const KNOWN = new Set<string>(Object.values(LIMIT_MESSAGES));

/** The clean limit message behind an error message, or null when it is not a limit error. */
export function limitMessage(message: string): string | null {
  const bare = message.replace(/^Syntax Error: /, '');
  if (KNOWN.has(bare)) return bare;
  // graphql-js's own token limit (parse option maxTokens; its message says "more that").
  if (/^Document contains more th(?:an|at) \d+ tokens\. Parsing aborted\.$/.test(bare)) return LIMIT_MESSAGES.tokens;
  return null;
}
