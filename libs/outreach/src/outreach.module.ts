import { Module } from '@nestjs/common';
import { TasksPersonData } from './tasks-person-data';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CHORUS_ENV, EnvSource } from '@chorus/core';
import { AuthModule } from '@chorus/auth';
import { OrganizationsModule } from '@chorus/organizations';
import { PressModule } from '@chorus/press';
import { PeopleModule } from '@chorus/people';
import { OutreachTask } from './entities/outreach-task.entity';
import { OUTREACH_CONFIG, outreachConfigFactory } from './outreach.config';
import { OutreachService } from './outreach.service';
import { ReminderScheduler } from './reminder-scheduler';
import { OutreachResolver } from './outreach.resolver';
import { CalendarFeedService } from './calendar/calendar-feed.service';
import { CalendarController } from './calendar/calendar.controller';
import { TaskMailer } from './jobs/task-mailer';
import { OutreachReconciler } from './jobs/outreach-reconciler';
import { OutreachProcessor } from './jobs/outreach.processor';

/** Outreach: entities, services and producers, shared by the API and the worker. */
@Module({
  imports: [TypeOrmModule.forFeature([OutreachTask]), PeopleModule, AuthModule, PressModule],
  providers: [
    { provide: OUTREACH_CONFIG, inject: [CHORUS_ENV], useFactory: (env: EnvSource) => outreachConfigFactory(env) },
    OutreachService,
    ReminderScheduler,
    TasksPersonData,
  ],
  exports: [OUTREACH_CONFIG, OutreachService, ReminderScheduler, TasksPersonData],
})
export class OutreachModule {}

/** Outreach: GraphQL resolvers and the calendar feed, loaded by the API only. */
@Module({
  imports: [OutreachModule, AuthModule, OrganizationsModule, PressModule, PeopleModule],
  providers: [OutreachResolver, CalendarFeedService],
  controllers: [CalendarController],
})
export class OutreachApiModule {}

/** Outreach: BullMQ processors, loaded by the worker only. */
@Module({ imports: [OutreachModule, AuthModule], providers: [TaskMailer, OutreachReconciler, OutreachProcessor] })
export class OutreachWorkerModule {}
