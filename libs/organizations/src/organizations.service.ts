import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  Actor,
  columnsFor,
  ConflictError,
  ForbiddenError,
  isAdmin,
  NotFoundError,
  paginate,
  FixedSelect,
  providedFields,
  Role,
} from '@chorus/core';
import { Organization } from './entities/organization.entity';
import { CreateOrganizationInput, OrganizationsArgs, UpdateOrganizationInput } from './dto/organization.inputs';

/**
 * Member organizations. Every signed-in user may read all of them (coalition transparency);
 * admins create them; an organization's own staff may edit it, except its membership status and
 * join date (the coalition's record).
 */
@Injectable()
export class OrganizationsService {
  constructor(@InjectRepository(Organization) private readonly organizations: Repository<Organization>) {}

  async create(input: CreateOrganizationInput): Promise<Organization> {
    await this.assertNameFree(input.name);
    return this.organizations.save(
      this.organizations.create({ ...input, website: input.website ?? null, joinedOn: input.joinedOn ?? null }),
    );
  }

  async update(actor: Actor, id: string, input: UpdateOrganizationInput): Promise<Organization> {
    const organization = await this.get(id);
    if (!isAdmin(actor) && !(actor.role === Role.ORG_STAFF && actor.organizationId === id)) {
      throw new ForbiddenError('Only coalition admins and the organization’s own staff may change it');
    }
    // Where an organization stands in the coalition is the coalition's record, not the organization's.
    for (const field of ['membershipStatus', 'joinedOn'] as const) {
      if (!isAdmin(actor) && input[field] !== undefined)
        throw new ForbiddenError(`Only coalition admins may change ${field}`);
    }
    if (input.name && input.name.toLowerCase() !== organization.name.toLowerCase())
      await this.assertNameFree(input.name);
    Object.assign(organization, providedFields(input));
    return this.organizations.save(organization);
  }

  async get(id: string): Promise<Organization> {
    const organization = await this.find(id);
    if (!organization) throw new NotFoundError('Organization', id);
    return organization;
  }

  find(id: string): Promise<Organization | null> {
    return isUuid(id) ? this.organizations.findOneBy({ id }) : Promise.resolve(null);
  }

  byIds(ids: readonly string[]): Promise<Organization[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.selectByIds.entities([valid]) : Promise.resolve([]);
  }

  private readonly selectByIds = new FixedSelect(() =>
    this.organizations.createQueryBuilder('o').where('o.id = ANY($1)'),
  );

  /**
   * Case-insensitive lookup by name (imports name organizations, not ids), with `key` the name as
   * PostgreSQL lowercases it: both sides are lowered by PostgreSQL, since JavaScript's
   * toLowerCase() differs from lower() for some letters, and callers match `key` in SQL again.
   */
  byNames(names: string[]): Promise<{ id: string; key: string }[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.organizations
      .createQueryBuilder('o')
      .select('o.id', 'id')
      .addSelect('lower(o.name)', 'key')
      .where('lower(o.name) IN (SELECT lower(n) FROM unnest(CAST(:names AS text[])) AS n)', { names })
      .getRawMany();
  }

  /** A page of organizations; `fields`, the Organization fields a query selects, narrows the columns read (see `columnsFor`). */
  list(args: OrganizationsArgs, fields?: ReadonlySet<string> | null, fieldsFromId?: Record<string, readonly string[]>) {
    const query = this.organizations.createQueryBuilder('o');
    if (args.search) query.where('o.name ILIKE :search', { search: `%${escapeLike(args.search)}%` });
    const columns = columnsFor(this.organizations.metadata, fields, fieldsFromId);
    // The coalition's member organizations are hundreds at most: counted in the page's SQL.
    return paginate(query, [{ expression: 'lower(o.name)' }, { expression: 'o.id' }], args, {
      columns,
      countInPage: true,
    });
  }

  private async assertNameFree(name: string) {
    const existing = await this.organizations
      .createQueryBuilder('o')
      .where('lower(o.name) = lower(:name)', { name })
      .getOne();
    if (existing)
      throw new ConflictError(`An organization named "${existing.name}" already exists`, { name: 'is already taken' });
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
