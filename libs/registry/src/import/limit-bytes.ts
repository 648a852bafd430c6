import { Readable, Transform } from 'node:stream';
import { BadInputError } from '@chorus/core';

/** The request body, failing with BAD_USER_INPUT on `file` once it passes `max` bytes. */
export function limitBytes(body: Readable, max: number): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) return callback(new BadInputError({ file: `must be at most ${max} bytes` }));
      callback(null, chunk);
    },
  });
  body.on('error', (error) => limiter.destroy(error));
  return body.pipe(limiter);
}
