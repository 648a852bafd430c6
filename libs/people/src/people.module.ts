import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '@chorus/organizations';
import { Person } from './entities/person.entity';
import { Membership } from './entities/membership.entity';
import { PeopleService } from './people.service';
import { MembershipsService } from './memberships.service';
import { PeopleResolver } from './people.resolver';
import { MembershipResolver, OrganizationMemberCountResolver } from './membership.resolver';
import { ConsentEvent } from './consent/consent-event.entity';
import { ConsentService } from './consent/consent.service';
import { PersonConsentResolver } from './consent/consent.resolver';
import { PeoplePersonData } from './people-person-data';

/** People: entities, services and producers, shared by the API and the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([Person, Membership, ConsentEvent]), OrganizationsModule],
  providers: [PeopleService, MembershipsService, ConsentService, PeoplePersonData],
  exports: [PeopleService, MembershipsService, ConsentService, PeoplePersonData, OrganizationsModule],
})
export class PeopleModule {}

/** People: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({
  imports: [PeopleModule],
  providers: [PeopleResolver, MembershipResolver, OrganizationMemberCountResolver, PersonConsentResolver],
})
export class PeopleApiModule {}

/** People: BullMQ processors, loaded by the worker only. */
@Module({ imports: [PeopleModule] })
export class PeopleWorkerModule {}
