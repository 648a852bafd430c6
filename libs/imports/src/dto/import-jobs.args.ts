import { ArgsType, Field } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ConnectionArgs } from '@chorus/core';
import { ImportStatus } from '../entities/import-job.entity';

@ArgsType()
export class ImportJobsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'RECEIVING, PENDING, PROCESSING, DONE or FAILED' })
  @IsOptional()
  @IsIn(Object.values(ImportStatus), { message: `must be one of ${Object.values(ImportStatus).join(', ')}` })
  status?: ImportStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'Only the imports this user uploaded' })
  @IsOptional()
  @IsBoolean()
  mine?: boolean | null;
}
