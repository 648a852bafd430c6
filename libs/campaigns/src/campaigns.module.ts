import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '@chorus/people';
import { AuthModule } from '@chorus/auth';
import { Campaign } from './entities/campaign.entity';
import { Signature } from './entities/signature.entity';
import { Commitment } from './entities/commitment.entity';
import { CommitmentProgressUpdate } from './entities/commitment-progress-update.entity';
import { campaignsConfigProvider } from './campaigns.config';
import { CampaignsService } from './campaigns.service';
import { SignaturesService } from './signatures.service';
import { CommitmentsService } from './commitments.service';
import { PublicSigningService } from './public-signing.service';
import { PublicSignatoriesService } from './public-signatories.service';
import { DashboardService } from './dashboard.service';
import { SignThrottle } from './sign-throttle';
import { CampaignsResolver } from './campaigns.resolver';
import { SignaturesResolver } from './signatures.resolver';
import { PersonSignaturesResolver } from './person-signatures.resolver';
import { CommitmentsResolver, OrganizationCommitmentsResolver } from './commitments.resolver';
import { ConfirmController } from './confirm.controller';
import { SignatureConfirmationMailer } from './jobs/signature-confirmation.mailer';
import { EmailProcessor } from './jobs/email.processor';
import { SignaturesPersonData } from './signatures-person-data';
import { ConfirmationReconciler } from './jobs/confirmation.reconciler';

const services = [
  CampaignsService,
  SignaturesService,
  CommitmentsService,
  PublicSigningService,
  PublicSignatoriesService,
  DashboardService,
  SignaturesPersonData,
];

/** Campaigns: entities, services and producers, shared by the API and the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([Campaign, Signature, Commitment, CommitmentProgressUpdate]), PeopleModule],
  providers: [campaignsConfigProvider, SignThrottle, ...services],
  exports: [...services, PeopleModule],
})
export class CampaignsModule {}

/** Campaigns: GraphQL resolvers and HTTP controllers, loaded by the API only. */
@Module({
  imports: [CampaignsModule],
  providers: [
    CampaignsResolver,
    SignaturesResolver,
    PersonSignaturesResolver,
    CommitmentsResolver,
    OrganizationCommitmentsResolver,
  ],
  controllers: [ConfirmController],
})
export class CampaignsApiModule {}

/** Campaigns: BullMQ processors, loaded by the worker only. */
@Module({
  imports: [CampaignsModule, AuthModule],
  providers: [campaignsConfigProvider, SignatureConfirmationMailer, EmailProcessor, ConfirmationReconciler],
})
export class CampaignsWorkerModule {}
