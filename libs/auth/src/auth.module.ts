import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '@chorus/organizations';
import { User } from './entities/user.entity';
import { PasswordReset } from './entities/password-reset.entity';
import { AUTH_CONFIG, authConfigProvider } from './auth.config';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { AuthGuard } from './auth.guard';
import { ActiveUsers } from './active-users';
import { UsersService } from './users.service';
import { UserContacts } from './user-contacts';
import { PasswordResetService } from './password-reset.service';
import { PasswordResetThrottle } from './password-reset-throttle';
import { PasswordResetReconciler } from './password-reset.reconciler';
import { UsersResolver } from './users.resolver';
import { AuditActorResolver } from './audit-actor.resolver';
import { UserLifecycleResolver } from './user-lifecycle.resolver';

/** Users and tokens: shared by the API and the worker (reminders and reset links are mailed to users). */
@Module({
  imports: [TypeOrmModule.forFeature([User, PasswordReset]), OrganizationsModule],
  providers: [
    authConfigProvider,
    AuthService,
    LoginThrottle,
    UsersService,
    PasswordResetService,
    PasswordResetThrottle,
    UserContacts,
  ],
  exports: [AUTH_CONFIG, AuthService, UsersService, PasswordResetService, UserContacts],
})
export class AuthModule {}

/** The global guard and the user resolvers: loaded by the API only. */
@Module({
  imports: [AuthModule, OrganizationsModule],
  providers: [
    ActiveUsers,
    UsersResolver,
    UserLifecycleResolver,
    AuditActorResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthApiModule {}

/** The reconciler of password reset emails: loaded by the worker only (the email queue's processor sends them). */
@Module({ imports: [AuthModule], providers: [PasswordResetReconciler] })
export class AuthWorkerModule {}
