import { PayloadTooLargeException, RequestTimeoutException } from '@nestjs/common';
import { limitedBody } from './upload-limits';

async function drain(body: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  for await (const chunk of body) bytes += chunk.length;
  return bytes;
}

async function* chunks(sizes: number[], pauseMs = 0): AsyncGenerator<Buffer> {
  for (const size of sizes) {
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    yield Buffer.alloc(size, 'a');
  }
}

describe('limitedBody', () => {
  it('passes a body within the limits through', async () => {
    expect(await drain(limitedBody(chunks([10, 20, 30]), { maxBytes: 60, idleMs: 1000 }))).toBe(60);
  });

  it('refuses a body past maxBytes with 413', async () => {
    await expect(drain(limitedBody(chunks([40, 40]), { maxBytes: 60, idleMs: 1000 }))).rejects.toBeInstanceOf(
      PayloadTooLargeException,
    );
  });

  it('cuts a body that sends nothing for idleMs with 408', async () => {
    await expect(drain(limitedBody(chunks([1, 1], 200), { maxBytes: 60, idleMs: 50 }))).rejects.toBeInstanceOf(
      RequestTimeoutException,
    );
  });
});
