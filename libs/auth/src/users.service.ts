import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Actor, badInput, ConflictError, paginate, providedFields, Role } from '@chorus/core';
import { escapeLike, OrganizationsService } from '@chorus/organizations';
import { User } from './entities/user.entity';
import { PasswordReset } from './entities/password-reset.entity';
import { UpdateUserInput, UsersArgs } from './dto/user.inputs';
import { AuthService, ONLY_STAFF_HAVE_AN_ORGANIZATION } from './auth.service';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './password';

/**
 * The user lifecycle run by coalition admins (list, update, deactivate) and by each user for
 * themselves (change password). Every change is a TypeORM save of the user, so it is audited.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly organizations: OrganizationsService,
  ) {}

  list(args: UsersArgs) {
    const filter = args.filter ?? {};
    const query = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (filter.role) query.andWhere('u.role = :role', { role: filter.role });
    if (filter.organizationId)
      query.andWhere('u.organization_id = :organizationId', { organizationId: filter.organizationId });
    if (filter.active !== undefined && filter.active !== null)
      query.andWhere(filter.active ? 'u.deactivated_at IS NULL' : 'u.deactivated_at IS NOT NULL');
    if (filter.search)
      query.andWhere('(u.name ILIKE :search OR u.email::text ILIKE :search)', {
        search: `%${escapeLike(filter.search)}%`,
      });
    return paginate(query, [{ expression: 'lower(u.email::text)' }, { expression: 'u.id' }], args);
  }

  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<User> {
    const user = await this.auth.get(id);
    const role = input.role ?? user.role;
    if (role !== Role.ORG_STAFF && input.organizationId) badInput('organizationId', ONLY_STAFF_HAVE_AN_ORGANIZATION);
    // A staffer who becomes press officer or admin leaves their organization.
    const organizationId =
      role !== Role.ORG_STAFF ? null : input.organizationId !== undefined ? input.organizationId : user.organizationId;
    if (role === Role.ORG_STAFF && !organizationId) badInput('organizationId', 'is required for ORG_STAFF');
    if (input.organizationId && !(await this.organizations.find(input.organizationId)))
      badInput('organizationId', 'is not an existing organization');
    return this.dataSource.transaction(async (manager) => {
      if (user.role === Role.COALITION_ADMIN && role !== Role.COALITION_ADMIN)
        await this.assertAnotherAdmin(manager, user, 'role');
      Object.assign(user, providedFields(input), { organizationId });
      return manager.save(user);
    });
  }

  /** Deactivates a user: they cannot sign in, and the tokens they hold stop working at once. */
  async deactivate(actor: Actor, id: string): Promise<User> {
    const user = await this.auth.get(id);
    if (user.deactivatedAt)
      throw new ConflictError('This user is already deactivated', { id: 'is already deactivated' });
    if (user.id === actor.userId) throw new ConflictError('You cannot deactivate yourself', { id: 'is you' });
    return this.dataSource.transaction(async (manager) => {
      if (user.role === Role.COALITION_ADMIN) await this.assertAnotherAdmin(manager, user, 'id');
      user.deactivatedAt = new Date();
      user.tokenVersion += 1;
      await revokeResets(manager, user.id);
      return manager.save(user);
    });
  }

  /**
   * Undoes a deactivation (a mistaken one would otherwise lock the person out for good: the email
   * stays taken). The tokens voided then stay void; the user signs in again.
   */
  async reactivate(id: string): Promise<User> {
    await this.auth.get(id); // NOT_FOUND for an unknown or malformed id
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneOrFail(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user.deactivatedAt) throw new ConflictError('This user is active', { id: 'is active' });
      user.deactivatedAt = null;
      return manager.save(user);
    });
  }

  /** Changes the actor's own password; every token issued before stops working, so a fresh one is returned. */
  async changePassword(
    actor: Actor,
    oldPassword: string,
    newPassword: string,
  ): Promise<{ accessToken: string; user: User }> {
    const user = await this.auth.get(actor.userId);
    if (!(await verifyPassword(user.passwordHash, oldPassword)))
      badInput('oldPassword', 'is not your current password');
    assertPasswordPolicy('newPassword', newPassword);
    const saved = await this.dataSource.transaction((manager) => setPassword(manager, user, newPassword));
    return { accessToken: this.auth.issueToken(saved), user: saved };
  }

  /** Serialized on the users table's admin rows, so two concurrent demotions cannot remove the last admin. */
  private async assertAnotherAdmin(manager: EntityManager, user: User, field: string): Promise<void> {
    const admins = await manager
      .getRepository(User)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.role = :role AND u.deactivated_at IS NULL', { role: Role.COALITION_ADMIN })
      .getMany();
    if (admins.every((admin) => admin.id === user.id))
      throw new ConflictError('The coalition needs at least one active COALITION_ADMIN', {
        [field]: 'is the last active admin',
      });
  }
}

/** Sets a new password, revokes the user's tokens and outstanding reset links (audited by the save). */
export async function setPassword(manager: EntityManager, user: User, password: string): Promise<User> {
  user.passwordHash = await hashPassword(password);
  user.tokenVersion += 1;
  await revokeResets(manager, user.id);
  return manager.save(user);
}

async function revokeResets(manager: EntityManager, userId: string): Promise<void> {
  await manager.update(PasswordReset, { userId, usedAt: IsNull() }, { usedAt: new Date() });
}
