import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Repository } from 'typeorm';
import { badInput, ConflictError, isUniqueViolation, NotFoundError, paginate, providedFields } from '@chorus/core';
import { escapeLike } from '@chorus/organizations';
import { isUuid } from '@chorus/organizations';
import { AuditService } from '@chorus/audit';
import { Outlet } from './entities/outlet.entity';
import { PressContact } from './entities/press-contact.entity';
import { PressList } from './entities/press-list.entity';
import {
  CreatePressContactInput,
  CreatePressListArgs,
  OutletsArgs,
  UpdatePressContactInput,
  UpdatePressListInput,
} from './dto/press.inputs';

/** Outlets, press contacts and press lists: the press officer's address book. */
@Injectable()
export class PressContactsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(PressContact) private readonly contacts: Repository<PressContact>,
    @InjectRepository(Outlet) private readonly outlets: Repository<Outlet>,
    @InjectRepository(PressList) private readonly lists: Repository<PressList>,
    private readonly audit: AuditService,
  ) {}

  async createContact(input: CreatePressContactInput): Promise<PressContact> {
    // Two creations of one email at once: the loser hits the unique key, the same CONFLICT.
    return this.createContactOnce(input).catch((error: unknown) => {
      throw isUniqueViolation(error) ? emailTaken() : error;
    });
  }

  private createContactOnce(input: CreatePressContactInput): Promise<PressContact> {
    return this.db.transaction(async (em) => {
      if (await em.findOneBy(PressContact, { email: input.email })) throw emailTaken();
      const outlet = input.outletName ? await this.outletNamed(em, input.outletName.trim()) : null;
      return em.save(
        em.create(PressContact, {
          name: input.name,
          email: input.email,
          outletId: outlet?.id ?? null,
          beat: input.beat ?? null,
          phone: input.phone ?? null,
          notes: input.notes ?? null,
          doNotContact: input.doNotContact ?? false,
        }),
      );
    });
  }

  /** The outlet of that name (case-insensitive), created on first use. */
  private async outletNamed(em: EntityManager, name: string): Promise<Outlet> {
    await em.createQueryBuilder().insert().into(Outlet).values({ name }).orIgnore().execute();
    return em
      .getRepository(Outlet)
      .createQueryBuilder('o')
      .where('lower(o.name) = lower(:name)', { name })
      .getOneOrFail();
  }

  /** Whether a press contact with this id exists (deleted ones too), for other areas' references. */
  listContacts(): Promise<PressContact[]> {
    return this.contacts.find({ where: { deletedAt: IsNull() }, order: { name: 'ASC', id: 'ASC' }, take: 5000 });
  }

  /** Fields left out stay; `outletName: null` removes the outlet. A deleted contact is NOT_FOUND. */
  async updateContact(id: string, input: UpdatePressContactInput): Promise<PressContact> {
    try {
      return await this.db.transaction(async (em) => {
        const contact = await this.lockContact(em, id);
        const { outletName, ...fields } = providedFields(input);
        if (
          fields.email &&
          fields.email.toLowerCase() !== contact.email.toLowerCase() &&
          (await em.findOneBy(PressContact, { email: fields.email }))
        )
          throw emailTaken();
        Object.assign(contact, fields);
        if (outletName !== undefined)
          contact.outletId = outletName === null ? null : (await this.outletNamed(em, outletName.trim())).id;
        // The column's onUpdate is MySQL-only.
        contact.updatedAt = new Date();
        return em.save(contact);
      });
    } catch (error) {
      throw isUniqueViolation(error) ? emailTaken() : error;
    }
  }

  /**
   * Deletes a press contact: it leaves every press list and is anonymized in place (name, email,
   * phone, notes, beat, outlet; do-not-contact set), so that the records of releases and mailings
   * already sent to it keep their row but no longer say who it was.
   */
  async deleteContact(id: string): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const contact = await this.lockContact(em, id);
      const anonymous = `deleted-${contact.id}@invalid.invalid`;
      await em.query(`DELETE FROM press_list_contacts WHERE press_contact_id = $1`, [contact.id]);
      await em.query(`UPDATE press_release_sends SET email = $2 WHERE press_contact_id = $1`, [contact.id, anonymous]);
      Object.assign(contact, {
        name: 'Deleted press contact',
        email: anonymous,
        outletId: null,
        beat: null,
        phone: null,
        notes: null,
        doNotContact: true,
        deletedAt: new Date(),
        updatedAt: new Date(),
      });
      await em.save(contact);
      return true;
    });
  }

  /**
   * A contact's one-click opt-out from a mailing: sets do-not-contact once, with its audit event,
   * in the caller's transaction. `exists` is false for an unknown contact; `changed` is false
   * when do-not-contact was set already (a repeated click changes nothing).
   */
  /** Sets do-not-contact from a link: a mailing's unsubscribe, or a press release's opt-out. */
  async optOut(
    em: EntityManager,
    id: string,
    from: { mailingId: string } | { pressReleaseId: string },
  ): Promise<{ exists: boolean; changed: boolean }> {
    const [rows] = await em.query(
      `UPDATE press_contacts SET do_not_contact = true, updated_at = now() WHERE id = $1 AND NOT do_not_contact RETURNING id`,
      [id],
    );
    if (rows.length > 0) {
      await this.audit.record(
        {
          entity: 'press_contacts',
          entityId: id,
          action: 'unsubscribe',
          changes: { before: { doNotContact: false }, after: { doNotContact: true }, ...from },
        },
        em,
      );
      return { exists: true, changed: true };
    }
    return { exists: (await em.query(`SELECT 1 FROM press_contacts WHERE id = $1`, [id])).length > 0, changed: false };
  }

  private async lockContact(em: EntityManager, id: string): Promise<PressContact> {
    const contact = isUuid(id)
      ? await em.findOne(PressContact, { where: { id, deletedAt: IsNull() }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!contact) throw new NotFoundError('Press contact', id);
    return contact;
  }

  /** Outlets by name (case-insensitive), with an optional name fragment. */
  listOutlets(args: OutletsArgs) {
    const query = this.outlets.createQueryBuilder('o');
    if (args.search) query.where('o.name ILIKE :search', { search: `%${escapeLike(args.search)}%` });
    return paginate(query, [{ expression: 'lower(o.name)' }, { expression: 'o.id' }], args);
  }

  contactsByIds(ids: readonly string[]): Promise<PressContact[]> {
    return this.contacts.findBy({ id: In(ids.filter(isUuid)) });
  }

  outletsByIds(ids: readonly string[]): Promise<Outlet[]> {
    return this.outlets.findBy({ id: In([...ids]) });
  }

  async createList(args: CreatePressListArgs, userId: string): Promise<PressList> {
    // Two creations of one name at once: the loser hits the unique key, the same CONFLICT.
    return this.createListOnce(args, userId).catch((error: unknown) => {
      throw isUniqueViolation(error) ? listNameTaken(args.name) : error;
    });
  }

  private createListOnce(args: CreatePressListArgs, userId: string): Promise<PressList> {
    const contactIds = [...new Set(args.contactIds)];
    return this.db.transaction(async (em) => {
      // A deleted contact has left every list: it cannot join a new one either.
      const known = await em.findBy(PressContact, { id: In(contactIds), deletedAt: IsNull() });
      if (known.length !== contactIds.length) badInput('contactIds', 'contains ids that are not press contacts');
      const taken = await em
        .getRepository(PressList)
        .createQueryBuilder('l')
        .where('lower(l.name) = lower(:name)', { name: args.name })
        .getOne();
      if (taken) throw listNameTaken(taken.name);
      const list = await em.save(em.create(PressList, { name: args.name, createdByUserId: userId }));
      if (contactIds.length) {
        await em.query(
          `INSERT INTO press_list_contacts (press_list_id, press_contact_id) SELECT $1, unnest($2::uuid[])`,
          [list.id, contactIds],
        );
      }
      return list;
    });
  }

  /** Renames a list and adds or removes contacts, in one transaction. */
  async updateList(id: string, input: UpdatePressListInput): Promise<PressList> {
    return this.updateListOnce(id, input).catch((error: unknown) => {
      throw isUniqueViolation(error) && input.name ? listNameTaken(input.name) : error;
    });
  }

  private updateListOnce(id: string, input: UpdatePressListInput): Promise<PressList> {
    return this.db.transaction(async (em) => {
      const list = isUuid(id)
        ? await em.findOne(PressList, { where: { id }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!list) throw new NotFoundError('Press list', id);
      const add = [...new Set(input.addContactIds ?? [])];
      if (add.some((contactId) => input.removeContactIds?.includes(contactId)))
        badInput('removeContactIds', 'names a contact that addContactIds adds: say which one you mean');
      if (add.length && (await em.countBy(PressContact, { id: In(add), deletedAt: IsNull() })) !== add.length)
        badInput('addContactIds', 'contains ids that are not press contacts');
      if (input.name && input.name.toLowerCase() !== list.name.toLowerCase()) {
        const taken = await em
          .getRepository(PressList)
          .createQueryBuilder('l')
          .where('lower(l.name) = lower(:name)', { name: input.name })
          .getOne();
        if (taken) throw listNameTaken(taken.name);
      }
      if (input.removeContactIds?.length)
        await em.query(
          `DELETE FROM press_list_contacts WHERE press_list_id = $1 AND press_contact_id = ANY($2::uuid[])`,
          [list.id, input.removeContactIds],
        );
      if (add.length)
        await em.query(
          `INSERT INTO press_list_contacts (press_list_id, press_contact_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
          [list.id, add],
        );
      if (input.name) list.name = input.name;
      // Membership lives in press_list_contacts: the list's own row records the change for the audit trail.
      list.updatedAt = new Date();
      const saved = await em.save(list);
      if (add.length || input.removeContactIds?.length) {
        await this.audit.record(
          {
            entity: 'press_lists',
            entityId: list.id,
            action: 'update.contacts',
            changes: { added: add, removed: input.removeContactIds ?? [] },
          },
          em,
        );
      }
      return saved;
    });
  }

  listLists(): Promise<PressList[]> {
    return this.lists.find({ order: { name: 'ASC', id: 'ASC' }, take: 1000 });
  }

  listsByIds(ids: readonly string[]): Promise<PressList[]> {
    return this.lists.findBy({ id: In(ids.filter(isUuid)) });
  }

  /** Contacts of each list, for a DataLoader. */
  async contactsOfLists(listIds: readonly string[]): Promise<{ listId: string; contact: PressContact }[]> {
    const rows: { list_id: string; contact_id: string }[] = await this.db.query(
      `SELECT press_list_id AS list_id, press_contact_id AS contact_id FROM press_list_contacts WHERE press_list_id = ANY($1::uuid[])`,
      [listIds],
    );
    const contacts = new Map(
      (await this.contactsByIds([...new Set(rows.map((r) => r.contact_id))])).map((c) => [c.id, c]),
    );
    return rows
      .filter((r) => contacts.has(r.contact_id))
      .map((r) => ({ listId: r.list_id, contact: contacts.get(r.contact_id)! }))
      .sort((a, b) => a.contact.name.localeCompare(b.contact.name));
  }
}

const emailTaken = () =>
  new ConflictError('A press contact with this email already exists', { email: 'is already taken' });
const listNameTaken = (name: string) =>
  new ConflictError(`A press list named "${name}" already exists`, { name: 'is already taken' });
