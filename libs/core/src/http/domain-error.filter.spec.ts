import { BadRequestException, Logger, PayloadTooLargeException, RequestTimeoutException } from '@nestjs/common';
import type { ArgumentsHost } from '@nestjs/common';
import { DomainErrorFilter } from './domain-error.filter';
import { BadInputError, RateLimitedError } from '../errors/domain-errors';

/** An HTTP exchange as the filter sees it: the request's state and what was answered. */
function exchange(request: { destroyed: boolean; complete: boolean }) {
  const answered: { status?: number; body?: unknown; headers?: Record<string, string> } = {};
  const res = {
    headersSent: false,
    setHeader(name: string, value: string) {
      answered.headers = { ...answered.headers, [name]: value };
      return this;
    },
    status(code: number) {
      answered.status = code;
      return this;
    },
    json(body: unknown) {
      answered.body = body;
      return this;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  return { host, answered };
}

describe('DomainErrorFilter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers a domain error with its status, code and fields', () => {
    const { host, answered } = exchange({ destroyed: false, complete: false });
    new DomainErrorFilter().catch(new BadInputError({ file: 'is empty' }), host);
    expect(answered).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_USER_INPUT', message: expect.any(String), fields: { file: 'is empty' } } },
    });
  });

  it('answers a rate-limited request 429 with Retry-After in whole seconds', () => {
    const { host, answered } = exchange({ destroyed: false, complete: true });
    new DomainErrorFilter().catch(new RateLimitedError('Too many requests', 1200), host);
    expect(answered).toEqual({
      status: 429,
      // JSON labelled as JSON, also where the route declared HTML (a confirmation page's error).
      headers: { 'Retry-After': '2', 'Content-Type': 'application/json; charset=utf-8' },
      body: { error: { code: 'RATE_LIMITED', message: 'Too many requests' } },
    });
  });

  it('names the condition of a framework HTTP error in its code (an upload too large or too slow)', () => {
    for (const [exception, status, code] of [
      [new PayloadTooLargeException('too large'), 413, 'PAYLOAD_TOO_LARGE'],
      [new RequestTimeoutException('too slow'), 408, 'REQUEST_TIMEOUT'],
      [new BadRequestException('bad'), 400, 'BAD_REQUEST'],
    ] as const) {
      const { host, answered } = exchange({ destroyed: false, complete: true });
      new DomainErrorFilter().catch(exception, host);
      expect(answered).toMatchObject({ status, body: { error: { code } } });
    }
  });

  it('logs an unexpected error as an error and answers 500', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { host, answered } = exchange({ destroyed: false, complete: true });
    new DomainErrorFilter().catch(new Error('boom'), host);
    expect(answered.status).toBe(500);
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('only warns, and answers nothing, when the client went away mid-request', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { host, answered } = exchange({ destroyed: true, complete: false });
    new DomainErrorFilter().catch(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), host);
    expect(answered).toEqual({});
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith({ code: 'ECONNRESET' }, expect.stringContaining('closed the connection'));
  });
});
