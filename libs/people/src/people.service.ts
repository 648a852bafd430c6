import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository, SelectQueryBuilder } from 'typeorm';
import {
  Actor,
  badInput,
  columnsFor,
  ConflictError,
  isAdmin,
  isUniqueViolation,
  NotFoundError,
  FixedSelect,
  providedFields,
  Role,
} from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { EmailStatus, Person } from './entities/person.entity';
import { Membership, MembershipRole } from './entities/membership.entity';
import { CreatePersonInput, PeopleArgs, PersonFilter, UpdatePersonInput } from './dto/person.inputs';
import { applyPersonFilter, assertFilterAllowed, PERSON_ALIAS, scopePeopleToActor } from './people.queries';
import { listPeople } from './people-listing';
import { ConsentService } from './consent/consent.service';
import { ConsentSource } from './consent/consent-event.entity';

/** What a public sign-up or an import knows about a person. */
export interface PersonContact {
  email: string;
  firstName: string;
  lastName?: string | null;
  consentText?: string | null;
  consentSource: ConsentSource;
  /** The client address of a public sign-up (only its keyed hash goes into the consent log). */
  ip?: string | null;
}

const emailTaken = () => new ConflictError('A person with this email already exists', { email: 'is already taken' });
// The same words for an erased person's address and an opted-out one: which it was is nobody's business.
const emailSuppressed = () =>
  new ConflictError('This email may not be added again: its owner was erased or opted out', {
    email: 'is suppressed (erased or opted out)',
  });
/** Person fields computed by resolvers that read no column but the id. */
const FIELDS_FROM_ID = { memberships: [], redacted: [] };

const sourceOf = (actor: Actor) => (isAdmin(actor) ? ConsentSource.ADMIN : ConsentSource.STAFF);

/**
 * People of the CRM. Every read on behalf of a user goes through `query(actor, filter)`, the
 * one scoped query builder, so that staff of one organization never see another's people.
 */
@Injectable()
export class PeopleService {
  constructor(
    @InjectRepository(Person) private readonly people: Repository<Person>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consent: ConsentService,
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

  /** One page of the people `actor` may see; `fields`, the Person fields the query selects, narrows the columns read. */
  list(actor: Actor, args: PeopleArgs, fields?: ReadonlySet<string> | null) {
    const columns = columnsFor(this.people.metadata, fields, FIELDS_FROM_ID);
    return listPeople(this.dataSource.manager, this.query(actor, args.filter), actor, { ...args, columns });
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
    return valid.length ? this.selectByIds.entities([valid]) : Promise.resolve([]);
  }

  private readonly selectByIds = new FixedSelect(() => this.people.createQueryBuilder('p').where('p.id = ANY($1)'));

  /** Unscoped lookup by email (case-insensitive), for imports and public sign-ups. */
  findByEmail(email: string, manager?: EntityManager): Promise<Person | null> {
    return (manager ?? this.dataSource.manager)
      .getRepository(Person)
      .createQueryBuilder('person')
      .where('lower(person.email::text) = lower(:email)', { email }) // the people_email_key index
      .getOne();
  }

  /** Creates a person; staff's new people become members of their organization so they can see them. */
  async create(actor: Actor, input: CreatePersonInput): Promise<Person> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (await this.findByEmail(input.email, manager)) throw emailTaken();
        if (await this.consent.isSuppressed(input.email, manager)) throw emailSuppressed();
        const person = await manager.save(
          manager.create(Person, {
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
          }),
        );
        await this.consent.record(manager, {
          personIds: [person.id],
          status: EmailStatus.SUBSCRIBED,
          source: sourceOf(actor),
          rule: 'always',
          textShown: input.consentText ?? null,
        });
        if (actor.role === Role.ORG_STAFF && actor.organizationId) {
          await manager.save(
            manager.create(Membership, {
              personId: person.id,
              organizationId: actor.organizationId,
              role: MembershipRole.MEMBER,
            }),
          );
        }
        return person;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? emailTaken() : error;
    }
  }

  /**
   * Updates the fields sent. A status change goes through the consent log; nobody on the staff
   * side may set an opted-out, bouncing or complaining person back to SUBSCRIBED (only the person
   * can, by confirming a new sign-up).
   */
  async update(actor: Actor, id: string, input: UpdatePersonInput): Promise<Person> {
    const person = await this.get(actor, id);
    const previousEmail = person.email;
    const emailChanges = !!input.email && input.email.toLowerCase() !== person.email.toLowerCase();
    if (emailChanges && (await this.findByEmail(input.email!))) throw emailTaken();
    if (emailChanges) {
      const suppressed = await this.consent.suppressionReason(input.email!);
      // An opted-out person may take back an address an opted-out person left (a typo undone): they stay opted out.
      const harmless = suppressed === 'REPLACED_OPT_OUT' && person.emailStatus !== EmailStatus.SUBSCRIBED;
      if (suppressed && !harmless) throw emailSuppressed();
    }
    const { emailStatus, ...fields } = input;
    if (emailStatus === EmailStatus.SUBSCRIBED && person.emailStatus !== EmailStatus.SUBSCRIBED) {
      badInput(
        'emailStatus',
        `cannot be set back to SUBSCRIBED from ${person.emailStatus}: only the person can subscribe again, by confirming a new sign-up`,
      );
    }
    Object.assign(person, providedFields(fields), {
      ...(input.tags ? { tags: dedupe(input.tags) } : {}),
      ...(input.disciplines ? { disciplines: dedupe(input.disciplines) } : {}),
    });
    try {
      return await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(person);
        // An opted-out person moved to another address must not free the old one: created again
        // (by hand, an import, a sign-up) it would be SUBSCRIBED and mailed.
        if (emailChanges && person.emailStatus !== EmailStatus.SUBSCRIBED)
          await this.consent.suppress(manager, previousEmail, 'REPLACED_OPT_OUT');
        if (emailStatus && emailStatus !== person.emailStatus) {
          await this.consent.record(manager, {
            personIds: [person.id],
            status: emailStatus,
            source: sourceOf(actor),
            rule: 'changed',
          });
          return manager.findOneByOrFail(Person, { id: person.id });
        }
        return saved;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? emailTaken() : error;
    }
  }

  /**
   * Finds the person with this email or creates them (public sign-ups, imports). An existing
   * person's data is left as it is: whoever knows an email must not be able to rewrite it.
   * Runs in the caller's transaction; a concurrent insert of the same email fails it (retry).
   * With `subscribe: false` (a form whose text is not consent to be mailed, e.g. a registry
   * reservation) a new person's first consent event logs that text as UNSUBSCRIBED: not mailed.
   */
  async findOrCreate(
    contact: PersonContact,
    manager: EntityManager,
    { subscribe = true }: { subscribe?: boolean } = {},
  ): Promise<{ person: Person; created: boolean }> {
    const existing = await this.findByEmail(contact.email, manager);
    if (existing) return { person: existing, created: false };
    const person = await manager.save(
      manager.create(Person, {
        email: contact.email,
        firstName: contact.firstName.trim() || contact.firstName,
        lastName: contact.lastName?.trim() || null,
        consentText: contact.consentText ?? null,
        consentSource: contact.consentSource,
        consentAt: new Date(),
      }),
    );
    await this.consent.record(manager, {
      personIds: [person.id],
      status: subscribe ? EmailStatus.SUBSCRIBED : EmailStatus.UNSUBSCRIBED,
      source: contact.consentSource,
      rule: 'always',
      textShown: contact.consentText ?? null,
      ip: contact.ip ?? null,
      actorUserId: null,
    });
    return { person, created: true };
  }

  /**
   * The person proved they own the address (a confirmed registry reservation) without agreeing to
   * be mailed: the email is marked confirmed and the consent log is left as it is.
   */
  async markEmailConfirmed(personId: string, manager: EntityManager): Promise<void> {
    await manager
      .getRepository(Person)
      .update({ id: personId, emailConfirmedAt: IsNull() }, { emailConfirmedAt: new Date() });
  }

  /**
   * Double opt-in: the person proved they own the address and agreed to `consentText`. This is
   * the one way back to SUBSCRIBED for someone who opted out or bounced.
   */
  async confirmEmail(
    personId: string,
    manager: EntityManager,
    consent: { textShown: string | null; ip?: string | null },
  ): Promise<void> {
    const repository = manager.getRepository(Person);
    const person = await repository.findOneBy({ id: personId });
    if (!person || person.erasedAt) return;
    if (!person.emailConfirmedAt) {
      person.emailConfirmedAt = new Date();
      await repository.save(person);
    }
    await this.consent.record(manager, {
      personIds: [personId],
      status: EmailStatus.SUBSCRIBED,
      source: ConsentSource.PUBLIC_SIGNUP,
      rule: 'always',
      textShown: consent.textShown,
      ip: consent.ip ?? null,
      actorUserId: null,
    });
  }

  /** Which of these people the actor may see (one query), for batched nested fields. */
  async visibleIds(actor: Actor, ids: readonly string[]): Promise<Set<string>> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return new Set();
    const rows: { id: string }[] = await this.query(actor)
      .select(`${PERSON_ALIAS}.id`, 'id')
      .andWhere(`${PERSON_ALIAS}.id IN (:...visibleIds)`, { visibleIds: valid })
      .getRawMany();
    return new Set(rows.map((r) => r.id));
  }

  /** Whether the actor may see this person (one cheap EXISTS query). */
  async isVisible(actor: Actor, personId: string): Promise<boolean> {
    return (await this.query(actor).andWhere(`${PERSON_ALIAS}.id = :personId`, { personId }).getCount()) > 0;
  }
}

function dedupe(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}
