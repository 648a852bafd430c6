import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In, Repository } from 'typeorm';
import {
  Actor,
  badInput,
  BadInputError,
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  isAdmin,
  NotFoundError,
  FixedSelect,
  providedFields,
} from '@chorus/core';
import { isUuid, OrganizationsService } from '@chorus/organizations';
import { Commitment, CommitmentKind, CommitmentStatus } from './entities/commitment.entity';
import { CommitmentProgressUpdate } from './entities/commitment-progress-update.entity';
import {
  CommitmentsArgs,
  CreateCommitmentInput,
  UpdateCommitmentInput,
  UpdateCommitmentProgressArgs,
} from './dto/commitment.inputs';
import { CampaignsService } from './campaigns.service';
import { statusAfterProgress } from './commitment-pace';

/**
 * Commitments of member organizations. Everyone signed in may read them (coalition
 * transparency); admins and the organization's own staff make and update them. Progress of
 * recruitment commitments is computed live from verified recruited signatures.
 */
@Injectable()
export class CommitmentsService {
  constructor(
    @InjectRepository(Commitment) private readonly commitments: Repository<Commitment>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationsService,
    private readonly campaigns: CampaignsService,
  ) {}

  async create(actor: Actor, input: CreateCommitmentInput): Promise<Commitment> {
    assertMayChange(actor, input.organizationId);
    if (input.kind === CommitmentKind.RECRUIT_SIGNATORIES) {
      // Both at once when both are missing.
      const missing: Record<string, string> = {};
      if (!input.campaignId) missing.campaignId = 'is required for RECRUIT_SIGNATORIES';
      if (!input.target) missing.target = 'is required for RECRUIT_SIGNATORIES';
      if (Object.keys(missing).length) throw new BadInputError(missing);
    }
    if (!(await this.organizations.find(input.organizationId)))
      throw new NotFoundError('Organization', input.organizationId);
    if (input.campaignId && !(await this.campaigns.find(input.campaignId)))
      throw new NotFoundError('Campaign', input.campaignId);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(Commitment, {
          ...input,
          campaignId: input.campaignId ?? null,
          target: input.target ?? null,
          dueAt: input.dueAt ?? null,
        }),
      );
      await this.refresh([saved], manager);
      return saved;
    });
  }

  async list(args: CommitmentsArgs): Promise<Commitment[]> {
    const where: FindOptionsWhere<Commitment> = {};
    if (args.organizationId) where.organizationId = args.organizationId;
    if (args.campaignId) where.campaignId = args.campaignId;
    return this.withProgress(await this.commitments.find({ where, order: { id: 'ASC' } }));
  }

  /** For Organization.commitments (batched per request). */
  async byOrganizationIds(organizationIds: readonly string[]): Promise<Commitment[]> {
    const valid = organizationIds.filter(isUuid);
    if (!valid.length) return [];
    return this.withProgress(await this.selectByOrganizationIds.entities([valid]));
  }

  /** Organization.commitments' batch: every column Commitment's fields and progress read (not updated_at). */
  private readonly selectByOrganizationIds = new FixedSelect(() =>
    this.commitments
      .createQueryBuilder('c')
      .select(
        [
          'id',
          'organizationId',
          'campaignId',
          'kind',
          'description',
          'target',
          'dueAt',
          'status',
          'manualProgress',
          'createdAt',
        ].map((column) => `c.${column}`),
      )
      .where('c.organization_id = ANY($1)')
      .orderBy('c.id', 'ASC'),
  );

  async all(): Promise<Commitment[]> {
    return this.withProgress(await this.commitments.find({ order: { id: 'ASC' } }));
  }

  async get(id: string, manager?: EntityManager): Promise<Commitment> {
    const commitment = isUuid(id) ? await (manager ?? this.dataSource.manager).findOneBy(Commitment, { id }) : null;
    if (!commitment) throw new NotFoundError('Commitment', id);
    return (await this.withProgress([commitment], manager))[0];
  }

  /** A manual progress update of a non-recruitment commitment, kept in the log. */
  async updateProgress(actor: Actor, args: UpdateCommitmentProgressArgs): Promise<Commitment> {
    return this.dataSource.transaction(async (manager) => {
      const commitment = await this.get(args.id, manager);
      assertMayChange(actor, commitment.organizationId);
      if (commitment.kind === CommitmentKind.RECRUIT_SIGNATORIES)
        throw new ConflictError('Recruitment progress is counted from verified signatures', {
          progress: 'is computed for RECRUIT_SIGNATORIES',
        });
      if (commitment.status === CommitmentStatus.WITHDRAWN)
        throw new InvalidTransitionError('commitment', 'update', commitment.status);
      await manager.insert(CommitmentProgressUpdate, {
        commitmentId: commitment.id,
        progress: args.progress,
        note: args.note ?? null,
        actorUserId: actor.userId,
      });
      commitment.manualProgress = args.progress;
      commitment.progress = args.progress;
      commitment.status = statusAfterProgress(commitment.status, args.progress, commitment.target);
      return manager.save(commitment);
    });
  }

  /** Description, target and due date; the status follows a new target. WITHDRAWN is final (CONFLICT). */
  async update(actor: Actor, id: string, input: UpdateCommitmentInput): Promise<Commitment> {
    return this.dataSource.transaction(async (manager) => {
      const locked = isUuid(id)
        ? await manager.findOne(Commitment, { where: { id }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!locked) throw new NotFoundError('Commitment', id);
      assertMayChange(actor, locked.organizationId);
      if (locked.status === CommitmentStatus.WITHDRAWN)
        throw new InvalidTransitionError('commitment', 'edit', locked.status);
      const fields = providedFields(input);
      if (locked.kind === CommitmentKind.RECRUIT_SIGNATORIES && 'target' in fields && !fields.target)
        badInput('target', 'is required for RECRUIT_SIGNATORIES');
      const [commitment] = await this.withProgress([locked], manager);
      Object.assign(commitment, fields, { updatedAt: new Date() });
      // A raised target can un-meet a commitment, a lowered one meet it.
      commitment.status = statusAfterProgress(commitment.status, commitment.progress, commitment.target);
      return manager.save(commitment);
    });
  }

  async withdraw(actor: Actor, id: string): Promise<Commitment> {
    const commitment = await this.get(id);
    assertMayChange(actor, commitment.organizationId);
    if (commitment.status === CommitmentStatus.WITHDRAWN || commitment.status === CommitmentStatus.MET)
      throw new InvalidTransitionError('commitment', 'withdraw', commitment.status);
    commitment.status = CommitmentStatus.WITHDRAWN;
    return this.commitments.save(commitment);
  }

  /**
   * Declares a commitment without a target met (funding paid, the release co-signed): nothing
   * else can, since MET otherwise follows the target. One with a target: CONFLICT.
   */
  async markMet(actor: Actor, id: string): Promise<Commitment> {
    const commitment = await this.get(id);
    assertMayChange(actor, commitment.organizationId);
    if (commitment.target !== null)
      throw new ConflictError(`This commitment is met when its progress reaches its target (${commitment.target})`, {
        id: 'has a target: its status follows the progress',
      });
    if (![CommitmentStatus.PLEDGED, CommitmentStatus.IN_PROGRESS].includes(commitment.status))
      throw new InvalidTransitionError('commitment', 'mark met', commitment.status);
    commitment.status = CommitmentStatus.MET;
    await this.commitments.save(commitment);
    return commitment;
  }

  /** For Commitment.progressUpdates (batched per request), oldest first. */
  progressUpdatesByCommitmentIds(commitmentIds: readonly string[]): Promise<CommitmentProgressUpdate[]> {
    return this.dataSource.manager.find(CommitmentProgressUpdate, {
      where: { commitmentId: In([...commitmentIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** After a signature was verified or rejected: recruitment commitments move to MET (or back). */
  async refreshRecruitment(organizationId: string, campaignId: string, manager: EntityManager): Promise<void> {
    const commitments = await manager.find(Commitment, {
      where: { organizationId, campaignId, kind: CommitmentKind.RECRUIT_SIGNATORIES },
    });
    await this.refresh(commitments, manager);
  }

  private async refresh(commitments: Commitment[], manager: EntityManager): Promise<void> {
    const stored = new Map(commitments.map((c) => [c.id, c.status]));
    for (const commitment of await this.withProgress(commitments, manager)) {
      const status = statusAfterProgress(stored.get(commitment.id)!, commitment.progress, commitment.target);
      // save() reloads the row, so the audit trail records the stored status as "before".
      if (status !== stored.get(commitment.id)) await manager.save(Object.assign(commitment, { status }));
    }
  }

  /** Fills in `progress`: one query for all recruitment commitments among them. */
  async withProgress(commitments: Commitment[], manager?: EntityManager): Promise<Commitment[]> {
    const recruiting = commitments.filter((c) => c.kind === CommitmentKind.RECRUIT_SIGNATORIES && c.campaignId);
    const counts = new Map<string, number>();
    if (recruiting.length) {
      const rows: { id: string; count: string }[] = await (manager ?? this.dataSource.manager).query(
        `SELECT c.id, count(s.id) AS count FROM commitments c
           JOIN signatures s ON s.recruited_by_organization_id = c.organization_id AND s.campaign_id = c.campaign_id AND s.verification = 'VERIFIED'
          WHERE c.id = ANY($1::uuid[]) GROUP BY c.id`,
        [recruiting.map((c) => c.id)],
      );
      for (const row of rows) counts.set(row.id, Number(row.count));
    }
    for (const c of commitments) {
      c.progress = c.kind === CommitmentKind.RECRUIT_SIGNATORIES ? (counts.get(c.id) ?? 0) : c.manualProgress;
      // Recruitment status follows the live count even for rows written around this service
      // (seeds, SQL imports); verify/reject persist it.
      if (c.kind === CommitmentKind.RECRUIT_SIGNATORIES) c.status = statusAfterProgress(c.status, c.progress, c.target);
    }
    return commitments;
  }
}

function assertMayChange(actor: Actor, organizationId: string): void {
  if (!isAdmin(actor) && actor.organizationId !== organizationId)
    throw new ForbiddenError('Only admins and the organization’s own staff may change its commitments');
}
