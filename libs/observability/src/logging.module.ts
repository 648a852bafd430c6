import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { CORE_CONFIG, CoreConfig } from '@chorus/core';

/** Structured JSON logs (pino); each HTTP request gets an id, taken from X-Request-Id if sent. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [CORE_CONFIG],
      useFactory: (config: CoreConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          name: process.env.CHORUS_PROCESS_NAME ?? 'chorus',
          genReqId: (req, res) => {
            const given = req.headers['x-request-id'];
            const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
          },
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
