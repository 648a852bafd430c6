import { PayloadTooLargeException, RequestTimeoutException } from '@nestjs/common';

export interface UploadLimits {
  maxBytes: number;
  idleMs: number;
}

export function tooLarge(maxBytes: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `The file is larger than the ${maxBytes} bytes an import may have (IMPORTS_MAX_BYTES): split it`,
  );
}

/**
 * The request body, cut off with 413 once it exceeds `maxBytes` and with 408 when nothing
 * arrives for `idleMs`: a client that stalls must not keep an upload (and what it holds) open.
 */
export async function* limitedBody(body: AsyncIterable<Buffer>, limits: UploadLimits): AsyncGenerator<Buffer> {
  const source = body[Symbol.asyncIterator]();
  let received = 0;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const next = source.next();
    const idle = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new RequestTimeoutException(
              `Nothing received for ${limits.idleMs / 1000} s: upload cut off (IMPORTS_IDLE_TIMEOUT_SECONDS)`,
            ),
          ),
        limits.idleMs,
      );
    });
    // A read still pending when the timer wins settles when the socket closes: nobody awaits it then.
    next.catch(() => undefined);
    let chunk: IteratorResult<Buffer>;
    try {
      chunk = await Promise.race([next, idle]);
    } finally {
      clearTimeout(timer);
    }
    if (chunk.done) return;
    received += chunk.value.length;
    if (received > limits.maxBytes) throw tooLarge(limits.maxBytes);
    yield chunk.value;
  }
}
