import { Args, Extensions, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, Allow, CurrentActor, Role } from '@chorus/core';
import { Person } from '@chorus/people';
import { ActivityArgs, MergePeopleArgs, PersonIdArgs } from './dto/privacy.args';
import { PrivacyService } from './privacy.service';
import { ActivityConnection, PersonActivityService } from './person-activity';

const STAFF = [Role.COALITION_ADMIN, Role.ORG_STAFF];
const EMPTY = { edges: [], totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null } };

/** GDPR operations (admins; staff for people only their organization holds) and Person.activity. */
@Resolver(() => Person)
export class PrivacyResolver {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly activityService: PersonActivityService,
  ) {}

  @Allow(...STAFF)
  @Mutation(() => Person, {
    description:
      'Merges mergeId into keepId (memberships, tags, signatures, deliveries, tasks, consent log); the most protective email status wins; mergeId is deleted',
  })
  mergePeople(@CurrentActor() actor: Actor, @Args() args: MergePeopleArgs) {
    return this.privacy.merge(actor, args.keepId, args.mergeId);
  }

  @Allow(...STAFF)
  @Mutation(() => Person, {
    description:
      'GDPR erasure: removes the personal data everywhere, keeps an irreversible suppression hash of the email',
  })
  erasePerson(@CurrentActor() actor: Actor, @Args() args: PersonIdArgs) {
    return this.privacy.erase(actor, args.id);
  }

  @Allow(...STAFF)
  @Mutation(() => Boolean, {
    description:
      'Deletes a person: the same as erasePerson (rows that campaign and mailing counts rely on stay, anonymous)',
  })
  async deletePerson(@CurrentActor() actor: Actor, @Args() args: PersonIdArgs) {
    await this.privacy.erase(actor, args.id);
    return true;
  }

  @Allow(...STAFF)
  @Query(() => String, {
    description: 'GDPR export: everything Chorus holds about the person, as a JSON document (audited)',
  })
  async exportPerson(@CurrentActor() actor: Actor, @Args() args: PersonIdArgs) {
    return JSON.stringify(await this.privacy.export(actor, args.id));
  }

  /**
   * Two statements (page and count) per person, not batched: refused under any list (people,
   * signatures, outreach tasks…) by the `perParent` check of core's cost plugin, before any SQL runs.
   */
  @Extensions({ perParent: 'on one person at a time, through person(id)' })
  @ResolveField(() => ActivityConnection, {
    description: 'Signatures, mailings received, outreach tasks and consent events, newest first',
  })
  activity(@Parent() person: Person, @CurrentActor() actor: Actor, @Args() args: ActivityArgs) {
    return person.redacted ? EMPTY : this.activityService.list(actor, person.id, args);
  }
}
