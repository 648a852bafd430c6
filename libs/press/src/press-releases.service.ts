import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, badInput, InvalidTransitionError, isAdmin, NotFoundError, paginate, Role } from '@chorus/core';
import { CampaignsService } from '@chorus/campaigns';
import { isUuid, OrganizationsService } from '@chorus/organizations';
import { PressRelease, PressReleaseStatus as S } from './entities/press-release.entity';
import { CreatePressReleaseInput, PressReleasesArgs, UpdatePressReleaseInput } from './dto/press.inputs';
import { assertMayApprove, mayRead, nextStatus, ReleaseAction } from './press-release-workflow';
import { PressScheduler } from './press-scheduler';

/**
 * Press releases and their workflow. Each change locks the row, checks the transition and
 * commits; embargo jobs are armed or disarmed only after the commit.
 */
@Injectable()
export class PressReleasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scheduler: PressScheduler,
    private readonly campaigns: CampaignsService,
    private readonly organizations: OrganizationsService,
  ) {}

  async create(actor: Actor, input: CreatePressReleaseInput): Promise<PressRelease> {
    return this.db.transaction(async (em) => {
      if (input.campaignId && (await this.campaigns.byIds([input.campaignId])).length !== 1)
        badInput('campaignId', 'is not a campaign');
      const release = await em.save(
        em.create(PressRelease, {
          title: input.title,
          body: input.body,
          campaignId: input.campaignId ?? null,
          authorUserId: actor.userId,
          status: S.DRAFT,
        }),
      );
      await this.setLinks(em, release.id, input);
      return release;
    });
  }

  async update(actor: Actor, id: string, input: UpdatePressReleaseInput): Promise<PressRelease> {
    const { release, before, previousEmbargo } = await this.change(actor, id, 'edit', async (em, r) => {
      if (input.title != null) r.title = input.title;
      if (input.body != null) r.body = input.body;
      await this.setLinks(em, r.id, input);
    });
    if (before === S.SCHEDULED) await this.scheduler.disarm(release.id, previousEmbargo);
    return release;
  }

  async submit(actor: Actor, id: string) {
    return (await this.change(actor, id, 'submit')).release;
  }

  async approve(actor: Actor, id: string) {
    return (
      await this.change(actor, id, 'approve', async (_em, r) => {
        assertMayApprove(actor, r.authorUserId);
        r.approvedByUserId = actor.userId;
      })
    ).release;
  }

  async schedule(actor: Actor, id: string, embargoUntil: Date): Promise<PressRelease> {
    if (embargoUntil.getTime() <= Date.now()) badInput('embargoUntil', 'must be in the future');
    const { release, before, previousEmbargo } = await this.change(actor, id, 'schedule', async (_em, r) => {
      r.embargoUntil = embargoUntil;
    });
    await this.scheduler.armSoon(release.id, embargoUntil);
    if (before === S.SCHEDULED && previousEmbargo && previousEmbargo.getTime() !== embargoUntil.getTime())
      await this.scheduler.disarm(release.id, previousEmbargo);
    return release;
  }

  async cancel(actor: Actor, id: string): Promise<PressRelease> {
    const { release, before, previousEmbargo } = await this.change(actor, id, 'cancel');
    if (before === S.SCHEDULED) await this.scheduler.disarm(release.id, previousEmbargo);
    return release;
  }

  /** Locks the row, applies the transition (and `mutate`) and saves, in one transaction. */
  private async change(
    actor: Actor,
    id: string,
    action: ReleaseAction,
    mutate?: (em: EntityManager, r: PressRelease) => Promise<void>,
  ) {
    return this.db.transaction(async (em) => {
      const release = isUuid(id)
        ? await em.findOne(PressRelease, { where: { id }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!release || !mayRead(actor, release)) throw new NotFoundError('Press release', id);
      const before = release.status;
      const previousEmbargo = release.embargoUntil;
      const after = nextStatus(action, before);
      await mutate?.(em, release);
      release.status = after;
      // The column's onUpdate is MySQL-only: keep it current here (the calendar feed's DTSTAMP).
      release.updatedAt = new Date();
      // Back to review: the approval was for the old text.
      if (after === S.IN_REVIEW && before !== S.IN_REVIEW) release.approvedByUserId = null;
      // Unscheduled: the old embargo no longer holds (a new one is set when it is scheduled again).
      if (before === S.SCHEDULED && after === S.IN_REVIEW) release.embargoUntil = null;
      return { release: await em.save(release), before, previousEmbargo };
    });
  }

  private async setLinks(
    em: EntityManager,
    releaseId: string,
    input: { organizationIds?: string[] | null; pressListIds?: string[] | null },
  ) {
    if (input.organizationIds) {
      const ids = [...new Set(input.organizationIds)];
      if ((await this.organizations.byIds(ids)).length !== ids.length)
        badInput('organizationIds', 'contains ids that are not organizations');
      await em.query(`DELETE FROM press_release_organizations WHERE press_release_id = $1`, [releaseId]);
      await em.query(
        `INSERT INTO press_release_organizations (press_release_id, organization_id) SELECT $1, unnest($2::uuid[])`,
        [releaseId, ids],
      );
    }
    if (input.pressListIds) {
      const ids = [...new Set(input.pressListIds)];
      await this.assertPressListsExist(em, ids);
      await em.query(`DELETE FROM press_release_lists WHERE press_release_id = $1`, [releaseId]);
      await em.query(
        `INSERT INTO press_release_lists (press_release_id, press_list_id) SELECT $1, unnest($2::uuid[])`,
        [releaseId, ids],
      );
    }
  }

  private async assertPressListsExist(em: EntityManager, ids: string[]) {
    if (ids.length === 0) return;
    const [{ count }] = await em.query(`SELECT count(*)::int AS count FROM press_lists WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    if (count !== ids.length) badInput('pressListIds', 'contains ids that are not press lists');
  }

  /** The one place that decides who sees a release: published for all, otherwise author/press/admin. */
  async find(actor: Actor | undefined, id: string): Promise<PressRelease | null> {
    const release = isUuid(id) ? await this.db.getRepository(PressRelease).findOneBy({ id }) : null;
    if (!release) return null;
    return mayRead(actor, release) ? release : null;
  }

  /**
   * `mayRead` as one query, for lists: admins and press officers every release, anyone else the
   * published ones and those they wrote.
   */
  visible(actor: Actor) {
    const query = this.db.getRepository(PressRelease).createQueryBuilder('r');
    if (isAdmin(actor) || actor.role === Role.PRESS_OFFICER) return query.where('true');
    return query.where('(r.status = :published OR r.author_user_id = :me)', {
      published: S.PUBLISHED,
      me: actor.userId,
    });
  }

  list(actor: Actor, args: PressReleasesArgs) {
    if (args.embargoFrom && args.embargoTo && args.embargoFrom.getTime() >= args.embargoTo.getTime())
      badInput('embargoTo', 'must be after embargoFrom');
    const query = this.visible(actor);
    if (args.status) query.andWhere('r.status = :status', { status: args.status });
    if (args.campaignId) query.andWhere('r.campaign_id = :campaignId', { campaignId: args.campaignId });
    if (args.embargoFrom) query.andWhere('r.embargo_until >= :embargoFrom', { embargoFrom: args.embargoFrom });
    if (args.embargoTo) query.andWhere('r.embargo_until < :embargoTo', { embargoTo: args.embargoTo });
    return paginate(query, [{ expression: 'r.id' }], args);
  }

  /** Only a DRAFT is deleted (anything later has been reviewed or sent: cancel it instead). */
  async delete(actor: Actor, id: string): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const release = isUuid(id)
        ? await em.findOne(PressRelease, { where: { id }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!release || !mayRead(actor, release)) throw new NotFoundError('Press release', id);
      if (release.status !== S.DRAFT) throw new InvalidTransitionError('press release', 'delete', release.status);
      await em.remove(release);
      return true;
    });
  }

  /** PUBLIC: only PUBLISHED releases, newest first. */
  listPublished(limit = 100): Promise<PressRelease[]> {
    return this.db
      .getRepository(PressRelease)
      .createQueryBuilder('r')
      .where('r.status = :status', { status: S.PUBLISHED })
      .andWhere('r.published_at <= now()')
      .orderBy('r.published_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .take(limit)
      .getMany();
  }

  /** Scheduled or published releases with an embargo in the window that this actor may see (calendar feed). */
  async embargoesVisibleTo(actor: Actor, from: Date, to: Date): Promise<PressRelease[]> {
    const rows = await this.db
      .getRepository(PressRelease)
      .createQueryBuilder('r')
      .where('r.status IN (:...statuses)', { statuses: [S.SCHEDULED, S.PUBLISHED] })
      .andWhere('r.embargo_until BETWEEN :from AND :to', { from, to })
      .orderBy('r.embargo_until', 'ASC')
      .take(1000)
      .getMany();
    return rows.filter((r) => mayRead(actor, r));
  }

  async organizationIdsOf(releaseIds: readonly string[]): Promise<{ releaseId: string; organizationId: string }[]> {
    return this.db.query(
      `SELECT press_release_id AS "releaseId", organization_id AS "organizationId" FROM press_release_organizations WHERE press_release_id = ANY($1::uuid[])`,
      [releaseIds],
    );
  }

  /** The names of a release's organizations (issuing and co-signing), alphabetically: what its emails name. */
  async organizationNamesOf(releaseId: string): Promise<string[]> {
    const links = await this.organizationIdsOf([releaseId]);
    const organizations = await this.organizations.byIds(links.map((l) => l.organizationId));
    return organizations.map((o) => o.name).sort((a, b) => a.localeCompare(b));
  }

  async listIdsOf(releaseIds: readonly string[]): Promise<{ releaseId: string; listId: string }[]> {
    return this.db.query(
      `SELECT press_release_id AS "releaseId", press_list_id AS "listId" FROM press_release_lists WHERE press_release_id = ANY($1::uuid[])`,
      [releaseIds],
    );
  }
}
