import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, plainEntities } from '@chorus/core';
import { User } from './entities/user.entity';
import { TokenClaims, UUID } from './tokens';

/** Every column of the user but the password hash, which no request needs after sign-in. */
const USER_COLUMNS = [
  'u.id',
  'u.email',
  'u.name',
  'u.role',
  'u.organizationId',
  'u.calendarToken',
  'u.deactivatedAt',
  'u.tokenVersion',
  'u.createdAt',
  'u.updatedAt',
];

/** The user a request acts as: the actor (what access rules read) and their row as it is now. */
export interface ActiveUser {
  actor: Actor;
  /** Without `passwordHash`; `me` answers with it instead of reading the same row again. */
  user: User;
}

/**
 * Turns the claims of a signed token into the actor, from the user's row as it is now: a user who
 * does not exist, is deactivated or changed their password since the token was issued gets null,
 * and a changed role or organization applies at once. One primary-key lookup per request, never
 * cached across requests, so that every API process sees a deactivation immediately; concurrent
 * requests of one user share a lookup that is in flight.
 */
@Injectable()
export class ActiveUsers {
  private readonly inFlight = new Map<string, Promise<User | undefined>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async activeUser(claims: TokenClaims): Promise<ActiveUser | null> {
    if (!UUID.test(claims.userId)) return null;
    const user = await this.lookup(claims.userId);
    if (!user || user.tokenVersion !== claims.tokenVersion) return null;
    return { actor: { userId: user.id, role: user.role, organizationId: user.organizationId }, user };
  }

  private lookup(userId: string): Promise<User | undefined> {
    let pending = this.inFlight.get(userId);
    if (!pending) {
      pending = plainEntities(
        this.dataSource
          .getRepository(User)
          .createQueryBuilder('u')
          .select(USER_COLUMNS)
          .where('u.id = :userId AND u.deactivated_at IS NULL', { userId }),
      )
        .then((rows) => rows[0])
        .finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, pending);
    }
    return pending;
  }
}
