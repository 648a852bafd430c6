import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, Role } from '@chorus/core';
import { TokenClaims, UUID } from './tokens';

interface UserRow {
  role: Role;
  organization_id: string | null;
  token_version: number;
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
  private readonly inFlight = new Map<string, Promise<UserRow | undefined>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async actorOf(claims: TokenClaims): Promise<Actor | null> {
    if (!UUID.test(claims.userId)) return null;
    const row = await this.lookup(claims.userId);
    if (!row || row.token_version !== claims.tokenVersion) return null;
    return { userId: claims.userId, role: row.role, organizationId: row.organization_id };
  }

  private lookup(userId: string): Promise<UserRow | undefined> {
    let pending = this.inFlight.get(userId);
    if (!pending) {
      pending = this.dataSource
        .query<UserRow[]>(
          'SELECT role, organization_id, token_version FROM users WHERE id = $1 AND deactivated_at IS NULL',
          [userId],
        )
        .then((rows) => rows[0])
        .finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, pending);
    }
    return pending;
  }
}
