import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { ConnectionArgs } from '@chorus/core';

const PERSON_ID = { message: 'must be a person id' };

@ArgsType()
export class PersonIdArgs {
  @Field(() => ID) @IsUUID('all', PERSON_ID) id: string;
}

@ArgsType()
export class MergePeopleArgs {
  @Field(() => ID, { description: 'The person who stays' }) @IsUUID('all', PERSON_ID) keepId: string;
  @Field(() => ID, { description: 'The duplicate merged into keepId, then deleted' })
  @IsUUID('all', PERSON_ID)
  mergeId: string;
}

@ArgsType()
export class ActivityArgs extends ConnectionArgs {}
