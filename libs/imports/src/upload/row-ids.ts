import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

const POOL_BYTES = 16 * 4096;

/**
 * Time-ordered (v7) uuids for staged rows, one per row: the id a new person or membership takes
 * when the row creates it. Generated here rather than per row in SQL, where drawing random bytes
 * for each of a million uuids costs the merge seconds; the random bits come from one pooled
 * `randomFillSync` per 4,096 ids. Being staged, they are also the same on every retry of a chunk.
 */
export class RowIds {
  private readonly pool = new Uint8Array(POOL_BYTES);
  private offset = POOL_BYTES;

  next(): string {
    if (this.offset === POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const random = this.pool.subarray(this.offset, this.offset + 16);
    this.offset += 16;
    return v7({ random });
  }
}
