import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { GraphqlContext, groupByKey, requestLoader } from '@chorus/core';
import { Person } from '../entities/person.entity';
import { ConsentEvent } from './consent-event.entity';
import { ConsentService } from './consent.service';

/** Person.consentEvents: the consent log behind emailStatus, newest first (batched per request). */
@Resolver(() => Person)
export class PersonConsentResolver {
  constructor(private readonly consent: ConsentService) {}

  @ResolveField(() => [ConsentEvent], { description: 'The consent log behind emailStatus, newest first' })
  consentEvents(@Parent() person: Person, @Context() context: GraphqlContext) {
    if (person.redacted) return [];
    return requestLoader(context, 'consent.byPerson', () => new DataLoader<string, ConsentEvent[]>(async (ids) => groupByKey(ids, await this.consent.eventsFor(ids), (e) => e.personId))).load(person.id);
  }
}
