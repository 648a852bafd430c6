import { Field, ID, ObjectType } from '@nestjs/graphql';

/** What the public sees of a PUBLISHED release. */
@ObjectType('PublicPressRelease')
export class PublicPressRelease {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field() body: string;
  @Field(() => Date) publishedAt: Date;
}
