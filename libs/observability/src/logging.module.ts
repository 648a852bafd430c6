import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';
import type { Options } from 'pino-http';
import { CORE_CONFIG, CoreConfig, currentContext } from '@chorus/core';
import { maskTokenUrl } from './metrics';

/** pino-http's options: request ids, and no credentials in what is logged. */
export function pinoHttpOptions(config: Pick<CoreConfig, 'LOG_LEVEL'>): Options {
  return {
    level: config.LOG_LEVEL,
    name: process.env.CHORUS_PROCESS_NAME ?? 'chorus',
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Log lines written while a queue job runs name the job (its handler runs in a job context).
    mixin: () => {
      const job = currentContext()?.job;
      return job ? { jobId: job.id, jobName: job.name } : {};
    },
    // What a request line says: no headers at all (no credentials or cookies to redact), and the
    // calendar, unsubscribe and confirm URLs with their credential masked. Made from the raw
    // request, not pino-std-serializers' full copy (headers, query, params), once per request.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        url: maskTokenUrl(req.url ?? ''),
        remoteAddress: req.socket?.remoteAddress,
        userAgent: req.headers['user-agent'],
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
  };
}

/**
 * Where log lines go: stdout. In production lines are buffered, not written one by one (a line
 * per request at the default level, and a write per line cost ~4 % of a list query's CPU under
 * load): they go out once 4 KiB have gathered or every second at the latest, and pino flushes
 * what is left when the process exits. Development and tests write each line at once.
 */
const PRODUCTION_LOG_BUFFER = { minLength: 4096, periodicFlush: 1000 };

export const logDestination = (config: Pick<CoreConfig, 'NODE_ENV'>, dest: number | string = 1) =>
  config.NODE_ENV === 'production'
    ? destination({ dest, sync: false, ...PRODUCTION_LOG_BUFFER })
    : destination({ dest, sync: true });

/** Structured JSON logs (pino); each HTTP request gets an id, taken from X-Request-Id if sent. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [CORE_CONFIG],
      useFactory: (config: CoreConfig) => ({ pinoHttp: [pinoHttpOptions(config), logDestination(config)] }),
    }),
  ],
})
export class LoggingModule {}
