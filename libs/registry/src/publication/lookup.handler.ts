import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@chorus/core';
import { REGISTRY_CONFIG, RegistryConfig } from '../registry.config';
import { clientAddress, TrustProxy } from './client-address';
import { LookupAnswer } from './lookup-cache';
import { LookupService } from './lookup.service';

const PATH = '/registry/lookup';

/** GET or HEAD /registry/lookup, /registry/lookup/, with or without a query string. */
export function isLookupRequest(method: string | undefined, url: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (url === undefined || !url.startsWith(PATH)) return false;
  const next = url.charCodeAt(PATH.length);
  // end of the URL, '?', or '/' followed by the end or '?'
  if (Number.isNaN(next) || next === 63) return true;
  if (next !== 47) return false;
  const after = url.charCodeAt(PATH.length + 1);
  return Number.isNaN(after) || after === 63;
}

/**
 * GET /registry/lookup?isrc=… (or iswc, isbn, url): public, rate limited, cached. Answers
 * `{ "<scheme>": "<normalized>", "reserved": true|false, "works": [...] }`; 400 naming the
 * parameter for a malformed identifier; 429 with Retry-After when the address asked too often.
 *
 * Crawlers call it thousands of times a second, so it answers on node:http's request event ahead
 * of Express and Nest (`installRegistryLookup`, called by the API's bootstrap): no router, body
 * parser, request log line, guard or interceptor per lookup; a cached answer is written in one
 * synchronous pass. The client address honours Express's `trust proxy` setting. An unexpected
 * error is logged with a request id (X-Request-Id if the client sent a usable one), which the
 * 500 answer carries in its X-Request-Id header.
 */
@Injectable()
export class LookupHandler {
  private readonly logger = new Logger('RegistryLookup');
  private readonly cacheControl: string;

  constructor(
    private readonly lookups: LookupService,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    this.cacheControl = `public, max-age=${config.REGISTRY_LOOKUP_CACHE_SECONDS}`;
  }

  handle(request: IncomingMessage, response: ServerResponse, trust: TrustProxy): void {
    try {
      const wait = this.lookups.throttle(clientAddress(request, trust));
      if (wait) {
        this.sendError(
          response,
          429,
          { code: 'RATE_LIMITED', message: `Too many lookups from this address; try again in ${wait} seconds` },
          { 'retry-after': String(wait) },
        );
        return;
      }
      const url = request.url!;
      const queryAt = url.indexOf('?');
      const { scheme, value } = this.lookups.parse(queryAt < 0 ? {} : parseQuery(url.slice(queryAt + 1)));
      const cached = this.lookups.cached(scheme, value);
      if (cached) return this.send(response, cached);
      this.lookups.fetch(scheme, value).then(
        (answer) => this.send(response, answer),
        (error) => this.fail(error, request, response),
      );
    } catch (error) {
      this.fail(error, request, response);
    }
  }

  private send(response: ServerResponse, answer: LookupAnswer): void {
    // A string body with its Content-Length goes out with the headers in one write.
    response
      .writeHead(200, [
        'content-type',
        'application/json; charset=utf-8',
        'content-length',
        String(answer.bytes),
        'cache-control',
        this.cacheControl,
        'access-control-allow-origin',
        '*',
      ])
      .end(answer.body);
  }

  private sendError(
    response: ServerResponse,
    status: number,
    error: Record<string, unknown>,
    headers: OutgoingHttpHeaders = {},
  ): void {
    if (response.headersSent) return;
    const body = JSON.stringify({ error });
    response
      .writeHead(status, {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'access-control-allow-origin': '*',
      })
      .end(body);
  }

  private fail(error: unknown, request: IncomingMessage, response: ServerResponse): void {
    if (error instanceof DomainError && error.code === 'BAD_USER_INPUT') {
      this.sendError(response, 400, { code: error.code, message: error.message, fields: error.fields });
      return;
    }
    const id = requestId(request);
    this.logger.error({ err: error, req: { id, method: request.method, url: request.url } }, 'Registry lookup failed');
    this.sendError(
      response,
      500,
      { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
      { 'x-request-id': id },
    );
  }
}

/** The client's X-Request-Id when usable (the rule of the API's request logging), else a new one. */
function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

/** What installRegistryLookup needs of the Nest application (NestExpressApplication has it). */
export interface LookupHost {
  get(type: typeof LookupHandler): LookupHandler;
  getHttpServer(): Server;
  getHttpAdapter(): { getInstance(): { get(setting: 'trust proxy fn'): TrustProxy } };
}

/**
 * Puts the lookup in front of the API's request listener (Express): lookups are answered by
 * LookupHandler, every other request goes to Express as before. Call after NestFactory.create
 * (which made the server) and before listen.
 */
export function installRegistryLookup(app: LookupHost): void {
  const handler = app.get(LookupHandler);
  const express = app.getHttpAdapter().getInstance();
  const server = app.getHttpServer();
  const listeners = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (isLookupRequest(request.method, request.url)) handler.handle(request, response, express.get('trust proxy fn'));
    else for (const listener of listeners) listener.call(server, request, response);
  });
}
