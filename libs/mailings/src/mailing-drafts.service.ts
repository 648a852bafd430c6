import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  BadInputError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  paginate,
  Role,
} from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { Audience, Mailing, MailingStatus } from './entities/mailing.entity';
import { MailingsArgs, UpdateMailingInput } from './dto/mailing-list.inputs';
import { AudiencePolicy } from './audience/audience-policy';
import { MailingTemplate } from './sending/mailing-template';
import { MailingsService } from './mailings.service';

/**
 * The everyday side of mailings: the list, and editing or deleting a DRAFT (once scheduled or
 * sent a mailing is a record of what went out: pause or cancel it instead). Visibility is
 * `MailingsService.visible`, the area's one scoped query.
 */
@Injectable()
export class MailingDraftsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mailings: MailingsService,
    private readonly policy: AudiencePolicy,
  ) {}

  list(actor: Actor, args: MailingsArgs) {
    const query = this.mailings.visible(this.db.manager, actor);
    if (args.status) query.andWhere('m.status = :status', { status: args.status });
    if (args.organizationId) {
      if (actor.role === Role.ORG_STAFF && args.organizationId !== actor.organizationId)
        throw new ForbiddenError('Organization staff see only their own organization’s mailings');
      query.andWhere('m.owner_organization_id = :owner', { owner: args.organizationId });
    }
    return paginate(query, [{ expression: 'm.id' }], args);
  }

  async update(actor: Actor, id: string, input: UpdateMailingInput): Promise<Mailing> {
    return this.db.transaction(async (manager) => {
      const mailing = await this.lockDraft(manager, actor, id, 'edit');
      const subject = input.subject ?? mailing.subject;
      const body = input.bodyTemplate ?? mailing.bodyTemplate;
      MailingTemplate.assertValid(subject, body);
      if (input.audience) {
        const audience: Audience = {
          campaignId: input.audience.campaignId ?? null,
          verifiedOnly: input.audience.verifiedOnly ?? null,
          organizationIds: input.audience.organizationIds ?? null,
          tags: input.audience.tags ?? null,
          pressListIds: input.audience.pressListIds ?? null,
        };
        const owner = await this.policy.check(actor, audience);
        // A union's mailing reaches its members only (press lists are dropped when it is sent):
        // say so rather than accept an audience that would reach nobody.
        if (mailing.ownerOrganizationId && audience.pressListIds?.length)
          throw new BadInputError({
            'audience.pressListIds':
              "cannot be added to an organization's mailing: it reaches that organization's members only",
          });
        // The owner stays (an admin editing a union's draft does not take it over); press-only follows the audience.
        Object.assign(mailing, { audience, pressOnly: owner.pressOnly && mailing.ownerOrganizationId === null });
      }
      Object.assign(mailing, { name: input.name ?? mailing.name, subject, bodyTemplate: body, updatedAt: new Date() });
      return manager.save(mailing);
    });
  }

  async delete(actor: Actor, id: string): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const mailing = await this.lockDraft(manager, actor, id, 'delete');
      await manager.remove(mailing);
      return true;
    });
  }

  private async lockDraft(manager: EntityManager, actor: Actor, id: string, action: string): Promise<Mailing> {
    const mailing = isUuid(id)
      ? await this.mailings.visible(manager, actor).andWhere('m.id = :id', { id }).setLock('pessimistic_write').getOne()
      : null;
    if (!mailing) throw new NotFoundError('Mailing', id);
    if (mailing.status !== MailingStatus.DRAFT) throw new InvalidTransitionError('mailing', action, mailing.status);
    return mailing;
  }
}
