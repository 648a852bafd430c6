import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  Actor,
  ALLOW_KEY,
  currentContext,
  ForbiddenError,
  PUBLIC_KEY,
  requestOf,
  Role,
  UnauthenticatedError,
} from '@chorus/core';
import { AuthService } from './auth.service';
import { ActiveUsers } from './active-users';

type GuardedRequest = ReturnType<typeof requestOf> & { actorLookup?: Promise<Actor | null> };

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
    request.actorLookup ??= this.actorOf(token);
    const actor = await request.actorLookup;
    if (actor) {
      request.actor = actor;
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

  private async actorOf(token: string | undefined): Promise<Actor | null> {
    const claims = token ? this.auth.claimsFromToken(token) : null;
    return claims ? this.activeUsers.actorOf(claims) : null;
  }
}
