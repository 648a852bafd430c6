import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ALLOW_KEY,
  currentContext,
  ForbiddenError,
  PUBLIC_KEY,
  requestOf,
  Role,
  UnauthenticatedError,
} from '@chorus/core';
import { actorOf, AuthService } from './auth.service';
import { ActiveUsers } from './active-users';
import type { User } from './entities/user.entity';

type GuardedRequest = ReturnType<typeof requestOf> & {
  userLookup?: Promise<User | null>;
  activeUser?: User;
};

/** The signed-in user's row as the guard read it for this request (no password hash), if any. */
export const activeUserOf = (request: object): User | undefined => (request as GuardedRequest).activeUser;

/**
 * The one authorization gate, installed globally: reads the bearer token, checks that its user
 * still exists, is active and has not revoked it, then lets a call through only if the operation
 * is @Public or the user's role is in its @Allow list. Admins may do everything; an operation
 * that declares nothing is admin-only.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly activeUsers: ActiveUsers,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context) as GuardedRequest;
    const header = request.headers?.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    // Once per request: the guard runs for every root field of a GraphQL operation.
    request.userLookup ??= this.userOf(token);
    const user = await request.userLookup;
    const actor = user ? actorOf(user) : undefined;
    if (user && actor) {
      request.actor = actor;
      request.activeUser = user;
      const store = currentContext();
      if (store) store.actor = actor;
    }

    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (token && !actor) throw new UnauthenticatedError('The access token is invalid or expired');
    if (!actor) throw new UnauthenticatedError();
    if (actor.role === Role.COALITION_ADMIN) return true;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOW_KEY, targets) ?? [];
    if (!allowed.includes(actor.role)) throw new ForbiddenError(`${actor.role} may not do this`);
    return true;
  }

  private async userOf(token: string | undefined): Promise<User | null> {
    const claims = token ? this.auth.claimsFromToken(token) : null;
    return claims ? this.activeUsers.userOf(claims) : null;
  }
}
