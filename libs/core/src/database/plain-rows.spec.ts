import type { EntityMetadata } from 'typeorm';
import { columnsFor } from './plain-rows';

// Only what columnsFor reads of TypeORM's metadata: the columns' property names.
const metadata = {
  columns: ['id', 'title', 'status', 'assigneeUserId', 'personId'].map((propertyName) => ({ propertyName })),
  primaryColumns: [{ propertyName: 'id' }],
} as unknown as EntityMetadata;
const needs = { assignee: ['assigneeUserId'], person: ['personId'] };

describe('columnsFor', () => {
  it('reads the id, the selected columns and what the selected computed fields declare', () => {
    expect(columnsFor(metadata, new Set(['__typename', 'title', 'assignee']), needs)).toEqual([
      'id',
      'title',
      'assigneeUserId',
    ]);
  });

  it('reads every column when a selected field is neither a column nor declared, or nothing is known', () => {
    expect(columnsFor(metadata, new Set(['title', 'history']), needs)).toBeUndefined();
    expect(columnsFor(metadata, null, needs)).toBeUndefined();
  });
});
