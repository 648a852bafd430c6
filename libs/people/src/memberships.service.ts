import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import {
  Actor,
  ConflictError,
  ForbiddenError,
  isAdmin,
  isUniqueViolation,
  NotFoundError,
  FixedSelect,
  providedFields,
} from '@chorus/core';
import { OrganizationsService } from '@chorus/organizations';
import { Membership } from './entities/membership.entity';
import { AddMembershipInput, MembershipKeyArgs, UpdateMembershipInput } from './dto/membership.inputs';
import { PeopleService } from './people.service';
import { Person, redactedPerson } from './entities/person.entity';

/** Memberships link people to organizations; staff manage those of their own organization only. */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
    private readonly people: PeopleService,
    private readonly organizations: OrganizationsService,
  ) {}

  async add(actor: Actor, input: AddMembershipInput): Promise<Membership> {
    assertMayManage(actor, input.organizationId, 'add');
    await this.people.get(actor, input.personId);
    if (!(await this.organizations.find(input.organizationId)))
      throw new NotFoundError('Organization', input.organizationId);
    if (await this.memberships.existsBy({ personId: input.personId, organizationId: input.organizationId })) {
      throw new ConflictError('This person is already a member of this organization', {
        organizationId: 'already has this person',
      });
    }
    try {
      return await this.memberships.save(
        this.memberships.create({ ...input, memberNumber: input.memberNumber ?? null }),
      );
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError('This person is already a member of this organization', {
          organizationId: 'already has this person',
        });
      throw error;
    }
  }

  /**
   * Ends a membership (the person leaves the organization): member counts, mailing audiences, the
   * `organizationId` filter and the staff scope all read memberships, so it is gone from each at
   * once. The person stays, also without any membership. Answers the person as the actor now sees
   * them: a staffer who could see the person only through this membership gets the stand-in
   * (`redacted`, the id only).
   */
  async remove(actor: Actor, key: MembershipKeyArgs): Promise<Person> {
    assertMayManage(actor, key.organizationId, 'remove');
    await this.people.get(actor, key.personId);
    await this.memberships.manager.transaction(async (manager) => {
      await manager.remove(await this.lockedMembership(manager, key)); // audited as delete
    });
    return (await this.people.find(actor, key.personId)) ?? redactedPerson(key.personId);
  }

  /** Changes the role and/or member number (fields left out stay; `memberNumber: null` clears it). */
  async update(actor: Actor, key: MembershipKeyArgs, input: UpdateMembershipInput): Promise<Membership> {
    assertMayManage(actor, key.organizationId, 'change');
    await this.people.get(actor, key.personId);
    return this.memberships.manager.transaction(async (manager) => {
      const membership = await this.lockedMembership(manager, key);
      Object.assign(membership, providedFields(input));
      return manager.save(membership); // audited as update, with the fields changed
    });
  }

  private async lockedMembership(manager: EntityManager, key: MembershipKeyArgs): Promise<Membership> {
    const membership = await manager.findOne(Membership, {
      where: { personId: key.personId, organizationId: key.organizationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!membership) throw new NotFoundError('Membership of this person in this organization');
    return membership;
  }

  byPersonIds(personIds: readonly string[]): Promise<Membership[]> {
    if (!personIds.length) return Promise.resolve([]);
    return this.selectByPersonIds.entities([[...personIds]]);
  }

  /** Person.memberships' batch: the columns Membership's fields read (created_at only orders them). */
  private readonly selectByPersonIds = new FixedSelect(() =>
    this.memberships
      .createQueryBuilder('m')
      .select(['m.id', 'm.personId', 'm.organizationId', 'm.role', 'm.memberNumber'])
      .where('m.person_id = ANY($1)')
      .orderBy('m.created_at', 'ASC')
      .addOrderBy('m.id', 'ASC'),
  );

  /** Number of people with a membership, per organization id. */
  async countByOrganizationIds(organizationIds: readonly string[]): Promise<Map<string, number>> {
    if (!organizationIds.length) return new Map();
    // One index-only count per organization (memberships_organization), not one pass over the
    // table testing every row against the whole id list: 2–3× less PostgreSQL CPU for a page of 40.
    const rows: { organization_id: string; count: string }[] = await this.memberships.query(
      `SELECT o.id AS organization_id, (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id) AS count
         FROM unnest($1::uuid[]) AS o(id)`,
      [[...organizationIds]],
    );
    return new Map(rows.map((r) => [r.organization_id, Number(r.count)]));
  }
}

/** Staff manage the memberships of their own organization only (admins any). */
function assertMayManage(actor: Actor, organizationId: string, what: 'add' | 'remove' | 'change'): void {
  if (!isAdmin(actor) && actor.organizationId !== organizationId)
    throw new ForbiddenError(`Staff may ${what} memberships of their own organization only`);
}
