import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { Actor, ConflictError, isUniqueViolation, NotFoundError, providedFields, Role } from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { Person } from './entities/person.entity';
import { Membership, MembershipRole } from './entities/membership.entity';
import { CreatePersonInput, PeopleArgs, PersonFilter, UpdatePersonInput } from './dto/person.inputs';
import { applyPersonFilter, assertFilterAllowed, PERSON_ALIAS, scopePeopleToActor } from './people.queries';
import { listPeople } from './people-listing';

/** What a public sign-up or an import knows about a person. */
export interface PersonContact {
  email: string;
  firstName: string;
  lastName?: string | null;
  consentText?: string | null;
  consentSource: string;
}

const emailTaken = () => new ConflictError('A person with this email already exists', { email: 'is already taken' });

/**
 * People of the CRM. Every read on behalf of a user goes through `query(actor, filter)`, the
 * one scoped query builder, so that staff of one organization never see another's people.
 */
@Injectable()
export class PeopleService {
  constructor(
    @InjectRepository(Person) private readonly people: Repository<Person>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The people `actor` may see, narrowed by `filter`, as a TypeORM query (alias `person`) to
   * page, count or stream. Throws FORBIDDEN for roles that may not read people at all.
   */
  query(actor: Actor, filter?: PersonFilter | null, manager?: EntityManager): SelectQueryBuilder<Person> {
    const repository = manager ? manager.getRepository(Person) : this.people;
    assertFilterAllowed(actor, filter);
    return applyPersonFilter(scopePeopleToActor(repository.createQueryBuilder(PERSON_ALIAS), actor), filter);
  }

  list(actor: Actor, args: PeopleArgs) {
    return listPeople(this.dataSource.manager, this.query(actor, args.filter), actor, args);
  }

  /** A person the actor may see, or null (unknown and out of scope look the same). */
  find(actor: Actor, id: string): Promise<Person | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.query(actor).andWhere(`${PERSON_ALIAS}.id = :id`, { id }).getOne();
  }

  async get(actor: Actor, id: string): Promise<Person> {
    const person = await this.find(actor, id);
    if (!person) throw new NotFoundError('Person', id);
    return person;
  }

  /** Unscoped, for loaders of nested fields whose parent was already scoped. */
  byIds(ids: readonly string[]): Promise<Person[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.people.findBy({ id: In(valid) }) : Promise.resolve([]);
  }

  /** Unscoped lookup by email (case-insensitive), for imports and public sign-ups. */
  findByEmail(email: string, manager?: EntityManager): Promise<Person | null> {
    return (manager ?? this.dataSource.manager).getRepository(Person).createQueryBuilder('person')
      .where('lower(person.email::text) = lower(:email)', { email }) // the people_email_key index
      .getOne();
  }

  /** Creates a person; staff's new people become members of their organization so they can see them. */
  async create(actor: Actor, input: CreatePersonInput): Promise<Person> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (await this.findByEmail(input.email, manager)) throw emailTaken();
        const person = await manager.save(manager.create(Person, {
          email: input.email,
          firstName: input.firstName,
          lastName: input.lastName ?? null,
          tags: dedupe(input.tags ?? []),
          phone: input.phone ?? null,
          country: input.country ?? null,
          disciplines: dedupe(input.disciplines ?? []),
          consentText: input.consentText ?? null,
          consentSource: input.consentText ? 'STAFF' : null,
          consentAt: input.consentText ? new Date() : null,
        }));
        if (actor.role === Role.ORG_STAFF && actor.organizationId) {
          await manager.save(manager.create(Membership, { personId: person.id, organizationId: actor.organizationId, role: MembershipRole.MEMBER }));
        }
        return person;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? emailTaken() : error;
    }
  }

  async update(actor: Actor, id: string, input: UpdatePersonInput): Promise<Person> {
    const person = await this.get(actor, id);
    if (input.email && input.email.toLowerCase() !== person.email.toLowerCase() && (await this.findByEmail(input.email))) throw emailTaken();
    if (input.emailStatus && input.emailStatus !== person.emailStatus) person.emailStatusChangedAt = new Date();
    Object.assign(person, providedFields(input), {
      ...(input.tags ? { tags: dedupe(input.tags) } : {}),
      ...(input.disciplines ? { disciplines: dedupe(input.disciplines) } : {}),
    });
    try {
      return await this.people.save(person);
    } catch (error) {
      throw isUniqueViolation(error) ? emailTaken() : error;
    }
  }

  /**
   * Finds the person with this email or creates them (public sign-ups, imports). An existing
   * person's data is left as it is: whoever knows an email must not be able to rewrite it.
   * Runs in the caller's transaction; a concurrent insert of the same email fails it (retry).
   */
  async findOrCreate(contact: PersonContact, manager: EntityManager): Promise<{ person: Person; created: boolean }> {
    const existing = await this.findByEmail(contact.email, manager);
    if (existing) return { person: existing, created: false };
    const person = await manager.save(manager.create(Person, {
      email: contact.email,
      firstName: contact.firstName,
      lastName: contact.lastName ?? null,
      consentText: contact.consentText ?? null,
      consentSource: contact.consentSource,
      consentAt: new Date(),
    }));
    return { person, created: true };
  }

  /** Double opt-in: the person proved they own the address. */
  async confirmEmail(personId: string, manager?: EntityManager): Promise<void> {
    const repository = (manager ?? this.dataSource.manager).getRepository(Person);
    const person = await repository.findOneBy({ id: personId });
    if (!person || person.emailConfirmedAt) return;
    person.emailConfirmedAt = new Date();
    await repository.save(person);
  }

  /** Whether the actor may see this person (one cheap EXISTS query). */
  async isVisible(actor: Actor, personId: string): Promise<boolean> {
    return (await this.query(actor).andWhere(`${PERSON_ALIAS}.id = :personId`, { personId }).getCount()) > 0;
  }
}

function dedupe(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}
