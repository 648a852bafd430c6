// `npm run build` runs this: writes the API's schema to schema.graphql at the repository root.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '@chorus/core';
import { printApiSchema } from './print-schema';

runCli(async () => {
  const target = process.argv[2] ?? join(__dirname, '../../../../../schema.graphql');
  writeFileSync(target, await printApiSchema());
});
