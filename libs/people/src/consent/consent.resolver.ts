import { Args, ArgsType, Context, Field, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import DataLoader from 'dataloader';
import { GraphqlContext, groupByKey, requestLoader } from '@chorus/core';
import { Person } from '../entities/person.entity';
import { ConsentEvent } from './consent-event.entity';
import { ConsentService } from './consent.service';

@ArgsType()
export class ConsentEventsArgs {
  @Field(() => Int, { defaultValue: 100, description: 'The newest events, at most 500' })
  @IsInt()
  @Min(1)
  @Max(500)
  first: number = 100;
}

/** Person.consentEvents: the consent log behind emailStatus, newest first (batched per request). */
@Resolver(() => Person)
export class PersonConsentResolver {
  constructor(private readonly consent: ConsentService) {}

  @ResolveField(() => [ConsentEvent], { description: 'The consent log behind emailStatus, newest first' })
  async consentEvents(@Parent() person: Person, @Context() context: GraphqlContext, @Args() args: ConsentEventsArgs) {
    if (person.redacted) return [];
    const events = await requestLoader(
      context,
      'consent.byPerson',
      () =>
        new DataLoader<string, ConsentEvent[]>(async (ids) =>
          groupByKey(ids, await this.consent.eventsFor(ids), (e) => e.personId),
        ),
    ).load(person.id);
    return events.slice(0, args.first);
  }
}
