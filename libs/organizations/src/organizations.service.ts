import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  Actor,
  columnsFor,
  ConflictError,
  ForbiddenError,
  isAdmin,
  isUniqueViolation,
  NotFoundError,
  paginate,
  FixedSelect,
  providedFields,
  Role,
} from '@chorus/core';
import { Organization } from './entities/organization.entity';
import { CreateOrganizationInput, OrganizationsArgs, UpdateOrganizationInput } from './dto/organization.inputs';
import { normalizeOrganizationName, normalizedOrganizationNameSql } from './organization-name';

const nameTaken = (existing?: string) =>
  new ConflictError(
    existing ? `An organization named "${existing}" already exists` : 'An organization with this name already exists',
    { name: 'is already taken' },
  );

/**
 * Member organizations. Every signed-in user may read all of them (coalition transparency);
 * admins create them; an organization's own staff may edit it, except its membership status and
 * join date (the coalition's record).
 */
@Injectable()
export class OrganizationsService {
  constructor(@InjectRepository(Organization) private readonly organizations: Repository<Organization>) {}

  /** Names are stored normalized (`normalizeOrganizationName`) and unique case-insensitively. */
  async create(input: CreateOrganizationInput): Promise<Organization> {
    const name = normalizeOrganizationName(input.name);
    await this.assertNameFree(name);
    return this.saveNamed(
      this.organizations.create({ ...input, name, website: input.website ?? null, joinedOn: input.joinedOn ?? null }),
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
    const name = input.name === undefined ? undefined : normalizeOrganizationName(input.name);
    if (name !== undefined) await this.assertNameFree(name, id);
    Object.assign(organization, providedFields({ ...input, name }));
    return this.saveNamed(organization);
  }

  /** Saves; the loser of two concurrent writes of one name gets the same CONFLICT as the check. */
  private async saveNamed(organization: Organization): Promise<Organization> {
    try {
      return await this.organizations.save(organization);
    } catch (error) {
      throw isUniqueViolation(error) ? nameTaken() : error;
    }
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

  /**
   * CONFLICT when another organization has this (normalized) name in any case. Stored names are
   * normalized again in SQL: rows written before names were normalized may not be (a few hundred
   * organizations at most, so no index is needed).
   */
  private async assertNameFree(name: string, exceptId?: string) {
    const query = this.organizations
      .createQueryBuilder('o')
      .where(`lower(${normalizedOrganizationNameSql('o')}) = lower(:name)`, { name });
    if (exceptId) query.andWhere('o.id <> :exceptId', { exceptId });
    const existing = await query.getOne();
    if (existing) throw nameTaken(existing.name);
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
