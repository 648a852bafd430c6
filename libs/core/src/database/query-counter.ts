import { AbstractLogger, LogLevel, LogMessage } from 'typeorm';

/**
 * Counts the SQL statements TypeORM runs, so that tests can assert that a listing costs a
 * constant number of queries. Counting is off unless a test starts it.
 */
class CountingLogger extends AbstractLogger {
  count = 0;
  counting = false;

  logQuery(): void {
    if (this.counting) this.count += 1;
  }

  protected writeLog(level: LogLevel, message: LogMessage | LogMessage[]): void {
    if (level === 'error' || level === 'warn') {
      for (const m of Array.isArray(message) ? message : [message])
        process.stderr.write(`typeorm ${level}: ${String(m.message)}\n`);
    }
  }
}

export class QueryCounter {
  static readonly logger = new CountingLogger(['error', 'warn']);

  static async count<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
    QueryCounter.logger.count = 0;
    QueryCounter.logger.counting = true;
    try {
      const result = await fn();
      return { result, queries: QueryCounter.logger.count };
    } finally {
      QueryCounter.logger.counting = false;
    }
  }
}
