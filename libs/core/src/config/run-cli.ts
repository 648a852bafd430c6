import { ConfigError } from './env';

/**
 * Runs a process entry point: a configuration or connection problem ends the process with one
 * clear line and exit code 1, never a stack trace.
 */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`chorus: ${describeStartupError(error)}\n`);
    process.exit(1);
  });
}

export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === 'ECONNREFUSED')
    return `cannot connect to ${e.address ?? 'a service'}:${e.port ?? ''} (${e.message}); is it running?`;
  if (e?.code === 'ENOTFOUND') return `host not found: ${e.message}`;
  if (e?.code === '3D000') return `${e.message}; run \`npm run db:migrate\` to create it`;
  if (e?.code === '28P01' || e?.code === '28000') return `database authentication failed: ${e.message}`;
  return e?.message ?? String(error);
}
