import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  Actor,
  badInput,
  BadInputError,
  ConflictError,
  ForbiddenError,
  isAdmin,
  isUniqueViolation,
  NotFoundError,
  paginate,
  providedFields,
} from '@chorus/core';
import { isUuid, OrganizationsService } from '@chorus/organizations';
import { PeopleService } from '@chorus/people';
import { Work } from './entities/work.entity';
import { RegisterWorkInput, UpdateWorkInput, WorksArgs } from './dto/work.inputs';
import { IDENTIFIER_CHECKS, IdentifierScheme } from './identifiers/identifiers';
import { LookupCache } from './publication/lookup-cache';

const SCHEMES: IdentifierScheme[] = ['isrc', 'iswc', 'isbn', 'isni', 'url'];
/** The identifiers that name a work (ISNI names its creator). */
const WORK_KEYS = ['isrc', 'iswc', 'isbn', 'url'] as const;

/** The managing organization of new registry data: staff their own, admins the one they name. */
export function managingOrganization(
  actor: Actor,
  requested: string | null | undefined,
  field = 'organizationId',
): string {
  if (isAdmin(actor)) return requested ?? badInput(field, 'is required for a coalition admin');
  if (!actor.organizationId) throw new ForbiddenError(`${actor.role} may not manage the registry`);
  if (requested && requested !== actor.organizationId)
    throw new ForbiddenError('Staff may manage the registry of their own organization only');
  return actor.organizationId;
}

/**
 * Works of the registry. Staff see and change the works their organization manages only;
 * another organization's work answers NOT_FOUND. Every change is audited (the entity is
 * @Audited) and clears this process's lookup cache.
 */
@Injectable()
export class WorksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
    private readonly organizations: OrganizationsService,
    private readonly cache: LookupCache,
  ) {}

  /** The one scoped query of works. */
  scoped(actor: Actor, manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<Work> {
    const query = manager.getRepository(Work).createQueryBuilder('w');
    if (isAdmin(actor)) return query;
    if (!actor.organizationId) throw new ForbiddenError(`${actor.role} may not read the registry`);
    return query.andWhere('w.organization_id = :scopeOrganizationId', { scopeOrganizationId: actor.organizationId });
  }

  async get(actor: Actor, id: string, manager?: EntityManager): Promise<Work> {
    const work = isUuid(id) ? await this.scoped(actor, manager).andWhere('w.id = :id', { id }).getOne() : null;
    if (!work) throw new NotFoundError('Work', id);
    return work;
  }

  list(actor: Actor, args: WorksArgs) {
    const query = this.scoped(actor);
    if (args.organizationId)
      query.andWhere('w.organization_id = :organizationId', { organizationId: args.organizationId });
    if (args.creatorPersonId) query.andWhere('w.creator_person_id = :creator', { creator: args.creatorPersonId });
    return paginate(query, [{ expression: 'w.id' }], args);
  }

  async register(actor: Actor, input: RegisterWorkInput): Promise<Work> {
    const organizationId = managingOrganization(actor, input.organizationId);
    if (!(await this.organizations.find(organizationId)))
      badInput('organizationId', 'is not an organization of the coalition');
    await this.checkHolders(actor, input);
    const identifiers = normalizedIdentifiers(input);
    await this.checkIdentifiersFree(organizationId, identifiers);
    const work = this.dataSource.manager.create(Work, {
      organizationId,
      title: input.title.trim(),
      kind: input.kind,
      creatorPersonId: input.creatorPersonId ?? null,
      rightsHolderOrganizationId: input.rightsHolderOrganizationId ?? null,
      ...identifiers,
    });
    return this.save(work);
  }

  async update(actor: Actor, id: string, input: UpdateWorkInput): Promise<Work> {
    const work = await this.get(actor, id);
    await this.checkHolders(actor, input, work);
    const identifiers = normalizedIdentifiers(input);
    await this.checkIdentifiersFree(work.organizationId, identifiers, work.id);
    Object.assign(work, providedFields(input), identifiers);
    if (input.title) work.title = input.title.trim();
    work.updatedAt = new Date();
    return this.save(work);
  }

  async remove(actor: Actor, id: string): Promise<boolean> {
    const work = await this.get(actor, id);
    await this.dataSource.manager.remove(work);
    this.cache.invalidate();
    return true;
  }

  /** Works and public reservations per organization, for the dashboard. */
  async countsByOrganization(): Promise<Map<string, { works: number; reservations: number; pending: number }>> {
    const rows: { organization_id: string; works: string; reservations: string; pending: string }[] = await this
      .dataSource.query(`
      SELECT o.organization_id,
             coalesce(w.works, 0) AS works, coalesce(r.reservations, 0) AS reservations, coalesce(r.pending, 0) AS pending
      FROM (SELECT organization_id FROM registry_works UNION SELECT organization_id FROM registry_reservations) o
      LEFT JOIN (SELECT organization_id, count(*) AS works FROM registry_works GROUP BY 1) w USING (organization_id)
      LEFT JOIN (SELECT organization_id, count(*) FILTER (WHERE status IN ('CONFIRMED','ATTESTED')) AS reservations,
                        count(*) FILTER (WHERE status = 'PENDING') AS pending
                 FROM registry_reservations GROUP BY 1) r USING (organization_id)`);
    return new Map(
      rows.map((r) => [
        r.organization_id,
        { works: Number(r.works), reservations: Number(r.reservations), pending: Number(r.pending) },
      ]),
    );
  }

  private async save(work: Work): Promise<Work> {
    try {
      const saved = await this.dataSource.manager.save(work);
      this.cache.invalidate();
      return saved;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A concurrent registration won: name its identifier as the check before would have.
      await this.checkIdentifiersFree(work.organizationId, work, work.id ?? null);
      const column =
        /registry_works_(\w+)/.exec(String((error as { constraint?: string }).constraint ?? ''))?.[1] ?? 'identifier';
      throw new ConflictError(`This ${column} is already registered`, { [column]: 'is already registered' });
    }
  }

  /**
   * CONFLICT naming the first identifier a work other than `workId` already holds: an ISRC,
   * ISWC, ISBN or URL names one work in the whole registry (unique indexes), so that two
   * organizations cannot publish contradicting signals for it.
   */
  private async checkIdentifiersFree(
    organizationId: string,
    identifiers: Partial<Record<IdentifierScheme, string | null>>,
    workId: string | null = null,
  ): Promise<void> {
    const values = WORK_KEYS.map((scheme) => identifiers[scheme] ?? null);
    if (values.every((value) => value === null)) return;
    const holders: Record<'organization_id' | (typeof WORK_KEYS)[number], string | null>[] =
      await this.dataSource.query(
        `SELECT organization_id, isrc, iswc, isbn, url FROM registry_works
         WHERE id IS DISTINCT FROM $1 AND (isrc = $2 OR iswc = $3 OR isbn = $4 OR url = $5)`,
        [workId, ...values],
      );
    for (const scheme of WORK_KEYS) {
      const holder = holders.find((h) => identifiers[scheme] && h[scheme] === identifiers[scheme]);
      if (!holder) continue;
      const by = holder.organization_id === organizationId ? 'this organization' : 'another organization';
      throw new ConflictError(`${scheme} "${identifiers[scheme]}" is already registered by ${by}`, {
        [scheme]: `is already registered by ${by}`,
      });
    }
  }

  private async checkHolders(
    actor: Actor,
    input: { creatorPersonId?: string | null; rightsHolderOrganizationId?: string | null },
    current?: Work,
  ): Promise<void> {
    if (input.creatorPersonId && !(await this.people.isVisible(actor, input.creatorPersonId)))
      badInput('creatorPersonId', 'is not a person of your organization');
    const holder = input.rightsHolderOrganizationId;
    if (!holder) return;
    // Staff speak for their own organization only; an unchanged holder an admin set may stay.
    if (!isAdmin(actor) && holder !== actor.organizationId && holder !== current?.rightsHolderOrganizationId)
      badInput('rightsHolderOrganizationId', 'must be your own organization (only coalition admins may name another)');
    if (!(await this.organizations.find(holder)))
      badInput('rightsHolderOrganizationId', 'is not an organization of the coalition');
  }
}

/** The identifiers present in `input`, normalized; BAD_USER_INPUT naming every bad one. */
export function normalizedIdentifiers(
  input: Partial<Record<IdentifierScheme, string | null>>,
): Partial<Record<IdentifierScheme, string | null>> {
  const out: Partial<Record<IdentifierScheme, string | null>> = {};
  const errors: Record<string, string> = {};
  for (const scheme of SCHEMES) {
    const raw = input[scheme];
    if (raw === undefined) continue;
    if (raw === null || raw.trim() === '') {
      out[scheme] = null;
      continue;
    }
    const checked = IDENTIFIER_CHECKS[scheme](raw);
    if ('error' in checked) errors[scheme] = checked.error;
    else out[scheme] = checked.value;
  }
  if (Object.keys(errors).length) throw new BadInputError(errors);
  return out;
}
