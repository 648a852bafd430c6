import { Global, Injectable, Module } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { GraphqlContext, loadAhead } from './loaders';

/**
 * A nested field that one area adds to another area's type (Organization.memberCount from
 * people, Organization.commitments from campaigns), with the request DataLoader its field
 * resolver reads through `prefetchedOrLoad`: a list of `type` loads the page's ids through it
 * ahead. The field needs no column of its parent but the id.
 */
export interface PagePrefetcher {
  type: string;
  field: string;
  key: string;
  create: () => DataLoader<string, unknown>;
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

  /** Loads ahead, for a page of `type` nodes, the registered fields among `fields` (those selected on its nodes). */
  async forPage(
    type: string,
    context: GraphqlContext,
    fields: ReadonlySet<string> | null,
    ids: string[],
  ): Promise<void> {
    if (!fields) return;
    await Promise.all(
      this.prefetchers
        .filter((p) => p.type === type && fields.has(p.field))
        .map((p) => loadAhead(context, p.key, ids, p.create)),
    );
  }
}

/** Provides the API process's one `PagePrefetchers` to every area. */
@Global()
@Module({ providers: [PagePrefetchers], exports: [PagePrefetchers] })
export class PagePrefetchModule {}
