import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '@chorus/core';

@ObjectType()
export class PublicSignatory {
  @Field() name: string;
  @Field(() => String, { nullable: true }) displayTitle: string | null;
}

@ObjectType()
export class PublicSignatoryConnection {
  @Field(() => [PublicSignatory]) nodes: PublicSignatory[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
