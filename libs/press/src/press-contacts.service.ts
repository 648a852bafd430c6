import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { badInput, ConflictError } from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { Outlet } from './entities/outlet.entity';
import { PressContact } from './entities/press-contact.entity';
import { PressList } from './entities/press-list.entity';
import { CreatePressContactInput, CreatePressListArgs } from './dto/press.inputs';

/** Outlets, press contacts and press lists: the press officer's address book. */
@Injectable()
export class PressContactsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(PressContact) private readonly contacts: Repository<PressContact>,
    @InjectRepository(Outlet) private readonly outlets: Repository<Outlet>,
    @InjectRepository(PressList) private readonly lists: Repository<PressList>,
  ) {}

  async createContact(input: CreatePressContactInput): Promise<PressContact> {
    return this.db.transaction(async (em) => {
      if (await em.findOneBy(PressContact, { email: input.email })) throw new ConflictError('A press contact with this email already exists', { email: 'is already taken' });
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
    return em.getRepository(Outlet).createQueryBuilder('o').where('lower(o.name) = lower(:name)', { name }).getOneOrFail();
  }

  listContacts(): Promise<PressContact[]> {
    return this.contacts.find({ order: { name: 'ASC', id: 'ASC' }, take: 5000 });
  }

  contactsByIds(ids: readonly string[]): Promise<PressContact[]> {
    return this.contacts.findBy({ id: In(ids.filter(isUuid)) });
  }

  outletsByIds(ids: readonly string[]): Promise<Outlet[]> {
    return this.outlets.findBy({ id: In([...ids]) });
  }

  async createList(args: CreatePressListArgs, userId: string): Promise<PressList> {
    const contactIds = [...new Set(args.contactIds)];
    return this.db.transaction(async (em) => {
      const known = await em.findBy(PressContact, { id: In(contactIds) });
      if (known.length !== contactIds.length) badInput('contactIds', 'contains ids that are not press contacts');
      const taken = await em.getRepository(PressList).createQueryBuilder('l').where('lower(l.name) = lower(:name)', { name: args.name }).getOne();
      if (taken) throw new ConflictError(`A press list named "${taken.name}" already exists`, { name: 'is already taken' });
      const list = await em.save(em.create(PressList, { name: args.name, createdByUserId: userId }));
      if (contactIds.length) {
        await em.query(`INSERT INTO press_list_contacts (press_list_id, press_contact_id) SELECT $1, unnest($2::uuid[])`, [list.id, contactIds]);
      }
      return list;
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
    const contacts = new Map((await this.contactsByIds([...new Set(rows.map((r) => r.contact_id))])).map((c) => [c.id, c]));
    return rows
      .filter((r) => contacts.has(r.contact_id))
      .map((r) => ({ listId: r.list_id, contact: contacts.get(r.contact_id)! }))
      .sort((a, b) => a.contact.name.localeCompare(b.contact.name));
  }
}
