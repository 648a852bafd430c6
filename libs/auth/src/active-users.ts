import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { User } from './entities/user.entity';
import { TokenClaims, UUID } from './tokens';

/**
 * Turns the claims of a signed token into the user's row as it is now: a user who does not exist,
 * is deactivated or changed their password since the token was issued gets null, and a changed
 * role or organization applies at once. One primary-key lookup per request, never cached across
 * requests, so that every API process sees a deactivation immediately; concurrent requests of one
 * user share a lookup that is in flight. The row has every column but the password hash, which no
 * request needs after sign-in; `me` answers with it.
 */
@Injectable()
export class ActiveUsers {
  private readonly inFlight = new Map<string, Promise<User | undefined>>();
  /** Made once from the entity's columns: this runs on every request, no query builder per call. */
  private readonly sql: string;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const columns = dataSource
      .getMetadata(User)
      .columns.filter((column) => column.propertyName !== 'passwordHash')
      .map((column) => `${column.databaseName} AS "${column.propertyName}"`);
    this.sql = `SELECT ${columns.join(', ')} FROM users WHERE id = $1 AND deactivated_at IS NULL`;
  }

  async userOf(claims: TokenClaims): Promise<User | null> {
    if (!UUID.test(claims.userId)) return null;
    const user = await this.lookup(claims.userId);
    return user && user.tokenVersion === claims.tokenVersion ? user : null;
  }

  private lookup(userId: string): Promise<User | undefined> {
    let pending = this.inFlight.get(userId);
    if (!pending) {
      // The driver already gives these column types as the entity holds them (Date, number, string).
      pending = this.dataSource
        .query<Partial<User>[]>(this.sql, [userId])
        .then((rows) => (rows[0] ? Object.assign(new User(), rows[0]) : undefined))
        .finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, pending);
    }
    return pending;
  }
}
