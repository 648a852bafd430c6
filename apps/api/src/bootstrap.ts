import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { coreEnv, createValidationPipe, EnvSource, parseEnv } from '@chorus/core';
import { AuthService } from '@chorus/auth';
import { installRegistryLookup } from '@chorus/registry';
import { ApiModule } from './api.module';

/** Builds the API application (used by main.ts and by the e2e tests). */
export async function createApiApp(env: EnvSource): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(env), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.use(securityHeaders());
  // Only the configured proxies may set the client address (rate-limit buckets, logs); by default nobody.
  app.set('trust proxy', parseEnv(coreEnv, env).TRUST_PROXY);
  app.useGlobalPipes(createValidationPipe());
  app.useBodyParser('json', { limit: '1mb' });
  // The registry's public lookup answers on the HTTP server ahead of Express and Nest (crawler traffic).
  installRegistryLookup(app);
  // CSV uploads of hundreds of thousands of rows stream for minutes; Node's default cuts at 5.
  app.getHttpServer().requestTimeout = 30 * 60 * 1000;
  await app.get(AuthService).ensureFirstAdmin();
  return app;
}

/**
 * helmet's response headers (nosniff, no framing, no referrer, no X-Powered-By …), less three that
 * do not fit an API: a Content-Security-Policy (the few HTML pages set their own, see
 * HTML_PAGE_HEADERS; a global one would break GraphiQL in development), HSTS (the TLS-terminating
 * proxy owns it, with the domain's own includeSubDomains choice), and Cross-Origin-Resource-Policy
 * same-origin (the registry's public files are for any origin's crawlers and tools).
 */
function securityHeaders() {
  return helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    frameguard: { action: 'deny' },
  });
}
