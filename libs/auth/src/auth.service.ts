import type { KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  Actor,
  badInput,
  ConflictError,
  CORE_CONFIG,
  CoreConfig,
  isUniqueViolation,
  NotFoundError,
  FixedSelect,
  Role,
  UnauthenticatedError,
} from '@chorus/core';
import { OrganizationsService } from '@chorus/organizations';
import { User } from './entities/user.entity';
import { CreateUserInput } from './dto/auth.inputs';
import { hashPassword, verifyPassword } from './password';
import { accessTokenKey, newCalendarToken, signAccessToken, TokenClaims, UUID, verifyAccessToken } from './tokens';
import { LoginThrottle } from './login-throttle';
import { VerifiedTokens } from './verified-tokens';

const MAX_EMAIL_LENGTH = 320;
const MAX_LOGIN_PASSWORD_LENGTH = 1024;
/**
 * Only union staff belong to an organization: the actor's organization scopes what a user sees
 * (audit events, tasks), so a press officer or admin bound to one would share their work with
 * that organization's staff.
 */
export const ONLY_STAFF_HAVE_AN_ORGANIZATION = 'is only for ORG_STAFF users: leave it out for this role';
const duplicateEmail = () => new ConflictError('A user with this email already exists', { email: 'is already taken' });

export const actorOf = (user: User): Actor => ({
  userId: user.id,
  role: user.role,
  organizationId: user.organizationId,
});

/** Users, passwords, access tokens and calendar tokens. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against for unknown emails, so that a miss costs as much time as a wrong password. */
  private readonly decoyHash = hashPassword('decoy-password-never-used');
  private verificationKey?: KeyObject;
  private readonly verifiedTokens = new VerifiedTokens();

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    private readonly organizations: OrganizationsService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Same answer for an unknown email, a deactivated user and a wrong password; failures are
   * rate-limited. Over-long input is refused before it costs a Redis key or an argon2 run.
   */
  async login(email: string, password: string, clientIp: string): Promise<{ accessToken: string; user: User }> {
    if (email.length > MAX_EMAIL_LENGTH) badInput('email', `must be at most ${MAX_EMAIL_LENGTH} characters`);
    if (password.length > MAX_LOGIN_PASSWORD_LENGTH)
      badInput('password', `must be at most ${MAX_LOGIN_PASSWORD_LENGTH} characters`);
    await this.throttle.consume(email, clientIp);
    const user = await this.users.findOneBy({ email });
    const valid = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyPassword(await this.decoyHash, password).then(() => false);
    if (!user || !valid || user.deactivatedAt) throw new UnauthenticatedError('Invalid email or password');
    await this.throttle.recordSuccess(email, clientIp);
    return { accessToken: this.issueToken(user), user };
  }

  issueToken(user: User): string {
    return signAccessToken(
      actorOf(user),
      user.tokenVersion,
      this.config.JWT_SECRET,
      this.config.JWT_EXPIRES_IN_SECONDS,
    );
  }

  /** The claims of a validly signed token; whether its user may still use it is ActiveUsers' call. */
  claimsFromToken(token: string): TokenClaims | null {
    this.verificationKey ??= accessTokenKey(this.config.JWT_SECRET);
    const key = this.verificationKey;
    return this.verifiedTokens.claims(token, (given) => verifyAccessToken(given, key));
  }

  async createUser(input: CreateUserInput): Promise<User> {
    if (input.role === Role.ORG_STAFF && !input.organizationId) badInput('organizationId', 'is required for ORG_STAFF');
    if (input.role !== Role.ORG_STAFF && input.organizationId)
      badInput('organizationId', ONLY_STAFF_HAVE_AN_ORGANIZATION);
    if (input.organizationId && !(await this.organizations.find(input.organizationId)))
      badInput('organizationId', 'is not an existing organization');
    if (await this.users.findOneBy({ email: input.email })) throw duplicateEmail();
    const user = this.users.create({
      email: input.email,
      name: input.name,
      role: input.role,
      organizationId: input.role === Role.ORG_STAFF ? input.organizationId! : null,
      passwordHash: await hashPassword(input.password),
      calendarToken: newCalendarToken(),
    });
    // Two creations of one email at once: the loser hits the unique key. Its error carries the
    // statement's parameters (the password hash), so it is replaced, never logged.
    return this.users.save(user).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw duplicateEmail();
      throw error;
    });
  }

  /** Creates the first admin from CHORUS_ADMIN_EMAIL / CHORUS_ADMIN_PASSWORD when no user exists. */
  async ensureFirstAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    await this.users
      .createQueryBuilder()
      .insert()
      .values({
        email: this.config.CHORUS_ADMIN_EMAIL,
        name: 'Coalition admin',
        role: Role.COALITION_ADMIN,
        organizationId: null,
        passwordHash: await hashPassword(this.config.CHORUS_ADMIN_PASSWORD),
        calendarToken: newCalendarToken(),
      })
      .orIgnore()
      .execute();
    this.logger.log(`Created the first admin ${this.config.CHORUS_ADMIN_EMAIL}`);
  }

  async get(id: string): Promise<User> {
    const user = UUID.test(id) ? await this.users.findOneBy({ id }) : null;
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  byIds(ids: readonly string[]): Promise<User[]> {
    const valid = ids.filter((id) => UUID.test(id));
    return valid.length ? this.selectByIds.entities([valid]) : Promise.resolve([]);
  }

  private readonly selectByIds = new FixedSelect(() => this.users.createQueryBuilder('u').where('u.id = ANY($1)'));

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  /** The active user behind a calendar feed token, or null (a revoked or wrong token, a deactivated user). */
  async findByCalendarToken(token: string): Promise<User | null> {
    const user = token.length >= 16 ? await this.users.findOneBy({ calendarToken: token }) : null;
    return user && !user.deactivatedAt ? user : null;
  }

  async rotateCalendarToken(userId: string): Promise<User> {
    const user = await this.get(userId);
    user.calendarToken = newCalendarToken();
    return this.users.save(user);
  }

  calendarFeedUrl(user: User): string {
    return `${this.config.PUBLIC_URL}/calendar/${user.calendarToken}.ics`;
  }
}
