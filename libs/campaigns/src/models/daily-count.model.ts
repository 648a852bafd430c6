import { Field, Int, ObjectType } from '@nestjs/graphql';

/** A count for one UTC calendar day (YYYY-MM-DD). */
@ObjectType()
export class DailyCount {
  @Field() day: string;
  @Field(() => Int) count: number;
}
