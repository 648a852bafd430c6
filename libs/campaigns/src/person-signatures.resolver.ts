import { ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { GraphqlContext, groupByKey, requestLoader } from '@chorus/core';
import { Person } from '@chorus/people';
import { Signature } from './entities/signature.entity';
import { SignaturesService } from './signatures.service';

/** Person.signatures lives here because signatures belong to campaigns (people do not depend on them). */
@Resolver(() => Person)
export class PersonSignaturesResolver {
  constructor(private readonly signaturesService: SignaturesService) {}

  @ResolveField(() => [Signature])
  signatures(person: Person, _args: unknown, context: GraphqlContext) {
    if (person.redacted) return [];
    return requestLoader(
      context,
      'signatures.byPerson',
      () =>
        new DataLoader<string, Signature[]>(async (ids) =>
          groupByKey(ids, await this.signaturesService.byPersonIds(ids), (s) => s.personId),
        ),
    ).load(person.id);
  }
}
