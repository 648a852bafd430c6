import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';
import { AuditEventsService } from './audit-events.service';
import { AuditResolver } from './audit.resolver';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([AuditEvent])], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}

/** The audit trail's GraphQL list, loaded by the API only. */
@Module({ imports: [TypeOrmModule.forFeature([AuditEvent])], providers: [AuditEventsService, AuditResolver] })
export class AuditApiModule {}
