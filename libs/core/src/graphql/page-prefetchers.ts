import { Global, Injectable, Module } from '@nestjs/common';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphqlContext } from './loaders';
import { selectionAt } from './selection';

/**
 * A nested field that one area adds to another area's type (Organization.memberCount from
 * people, Organization.commitments from campaigns) and that can fetch a whole page's worth at
 * once, into `prefetch` under the key its field resolver reads.
 */
export interface PagePrefetcher {
  type: string;
  field: string;
  prefetch(context: GraphqlContext, ids: string[]): Promise<void>;
}

/**
 * Where areas register their `PagePrefetcher`s, so that the area owning a list can have them run
 * for its page without knowing them (the dependency goes from the field's area to the list's).
 */
@Injectable()
export class PagePrefetchers {
  private readonly prefetchers: PagePrefetcher[] = [];

  register(prefetcher: PagePrefetcher): void {
    this.prefetchers.push(prefetcher);
  }

  /** The registered fields of `type`, for `columnsFor`: each needs no column but the id. */
  fieldsFromId(type: string): Record<string, readonly string[]> {
    return Object.fromEntries(this.prefetchers.filter((p) => p.type === type).map((p) => [p.field, []]));
  }

  /** Runs, for a connection page of `type` nodes, the prefetchers of the fields the query selects on its nodes. */
  async forPage(type: string, context: GraphqlContext, info: GraphQLResolveInfo, ids: string[]): Promise<void> {
    const fields = selectionAt(info, ['edges', 'node']);
    if (!fields || !ids.length) return;
    await Promise.all(
      this.prefetchers.filter((p) => p.type === type && fields.has(p.field)).map((p) => p.prefetch(context, ids)),
    );
  }
}

/** Provides the API process's one `PagePrefetchers` to every area. */
@Global()
@Module({ providers: [PagePrefetchers], exports: [PagePrefetchers] })
export class PagePrefetchModule {}
