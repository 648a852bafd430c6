import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organization } from './entities/organization.entity';
import { OrganizationsService } from './organizations.service';
import { OrganizationsResolver } from './organizations.resolver';

/** Entities and service: shared by the API and the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([Organization])],
  providers: [OrganizationsService],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}

/** GraphQL resolvers: loaded by the API only. */
@Module({ imports: [OrganizationsModule], providers: [OrganizationsResolver] })
export class OrganizationsApiModule {}
