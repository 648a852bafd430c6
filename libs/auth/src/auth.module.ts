import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '@chorus/organizations';
import { User } from './entities/user.entity';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { AuthGuard } from './auth.guard';
import { UsersResolver } from './users.resolver';
import { AuditActorResolver } from './audit-actor.resolver';

/** Users and tokens: shared by the API and the worker (reminders are mailed to users). */
@Module({
  imports: [TypeOrmModule.forFeature([User]), OrganizationsModule],
  providers: [AuthService, LoginThrottle],
  exports: [AuthService],
})
export class AuthModule {}

/** The global guard and the user resolvers: loaded by the API only. */
@Module({
  imports: [AuthModule, OrganizationsModule],
  providers: [UsersResolver, AuditActorResolver, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthApiModule {}
