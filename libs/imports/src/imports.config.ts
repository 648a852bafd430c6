import { defineEnv, EnvValues, integer, oneOf } from '@chorus/core';

/** Imports and exports. */
export const importsEnv = defineEnv({
  // 100,000 rather than 50,000: 1M-row bench merge 43.1 → 38.7 s (mean of 4 A/B pairs, docs/areas/imports.md)
  IMPORTS_CHUNK_ROWS: {
    description: 'Rows merged per transaction by the import worker (progress and retry granularity)',
    default: '100000',
    parse: integer(100, 1_000_000),
  },
  IMPORTS_MERGE_PARTITIONS: {
    description: 'Parallel merge streams per import (rows split by a hash of the email), each on its own connection',
    default: '2',
    parse: integer(1, 16),
  },
  IMPORTS_ERRORS_SHOWN: {
    description: 'How many row errors import(id) returns at most (the counts stay exact)',
    default: '1000',
    parse: integer(1, 100_000),
  },
  IMPORTS_MAX_BYTES: {
    description: 'Largest CSV upload accepted, in bytes (413 past it; ~100 bytes a row)',
    default: '1073741824',
    parse: integer(1024, 64 * 1024 ** 3),
  },
  IMPORTS_IDLE_TIMEOUT_SECONDS: {
    description: 'An upload that sends nothing for this long is cut off (408) and leaves nothing behind',
    default: '30',
    parse: integer(1, 3600),
  },
  IMPORTS_STAGE_BATCH_BYTES: {
    description: 'Staged CSV stored per COPY and commit while an upload streams (the worker merges what is committed)',
    default: '4194304',
    parse: integer(16 * 1024, 256 * 1024 ** 2),
  },
  IMPORTS_MERGE_WHILE_UPLOADING: {
    description:
      'Whether the worker merges an import while its file still uploads (committed only once the whole file is staged); false waits for the upload',
    default: 'true',
    parse: oneOf('true', 'false'),
  },
  IMPORTS_UPLOAD_CONNECTIONS: {
    description:
      'Database connections the uploads of one API process may hold at once (the rest of the pool stays for requests)',
    default: '2',
    parse: integer(1, 100),
  },
  IMPORTS_RECONCILE_SECONDS: {
    description: 'How often the worker re-queues unfinished imports from PostgreSQL',
    default: '60',
    parse: integer(1, 86400),
  },
});
export type ImportsConfig = EnvValues<typeof importsEnv>;
export const IMPORTS_CONFIG = Symbol('IMPORTS_CONFIG');
