import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { User } from './entities/user.entity';

/** What other areas may know of a user to mail them or check an assignment. */
export interface UserContact {
  id: string;
  email: string;
  name: string;
  organizationId: string | null;
}

/**
 * Users as other areas see them (issue 15: no area but auth reads the users table): outreach
 * mails reminders and digests to assignees and checks whom a task may be assigned to. Only active
 * users: a deactivated account gets no mail and no new task.
 */
@Injectable()
export class UserContacts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The active users among `ids`, in no particular order (one query). */
  async byIds(ids: readonly string[], manager?: EntityManager): Promise<UserContact[]> {
    if (ids.length === 0) return [];
    const users = await (manager ?? this.dataSource.manager).getRepository(User).find({
      select: { id: true, email: true, name: true, organizationId: true },
      where: { id: In([...new Set(ids)]), deactivatedAt: IsNull() },
    });
    return users.map(({ id, email, name, organizationId }) => ({ id, email, name, organizationId }));
  }

  async byId(id: string, manager?: EntityManager): Promise<UserContact | null> {
    return (await this.byIds([id], manager))[0] ?? null;
  }
}
