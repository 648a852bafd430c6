import { Module } from '@nestjs/common';
import { PeopleModule } from '@chorus/people';
import { CampaignsModule } from '@chorus/campaigns';
import { MailingsModule } from '@chorus/mailings';
import { OutreachModule } from '@chorus/outreach';
import { RegistryModule } from '@chorus/registry';
import { personDataPartsProvider } from './person-data-parts';
import { PrivacyService } from './privacy.service';
import { PersonActivityService } from './person-activity';
import { PrivacyResolver } from './privacy.resolver';

/** GDPR operations over every area's part of a person (issue 13): services, for both processes. */
@Module({
  imports: [PeopleModule, CampaignsModule, MailingsModule, OutreachModule, RegistryModule],
  providers: [personDataPartsProvider, PrivacyService, PersonActivityService],
  exports: [PrivacyService, PersonActivityService],
})
export class PrivacyModule {}

/** GraphQL of the GDPR operations and Person.activity, loaded by the API only. */
@Module({ imports: [PrivacyModule], providers: [PrivacyResolver] })
export class PrivacyApiModule {}
