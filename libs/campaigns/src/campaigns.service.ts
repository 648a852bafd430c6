import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import {
  ConflictError,
  ConnectionArgs,
  InvalidTransitionError,
  isUniqueViolation,
  NotFoundError,
  paginate,
  providedFields,
} from '@chorus/core';
import { isUuid } from '@chorus/organizations';
import { Campaign, CampaignStatus } from './entities/campaign.entity';
import { CreateCampaignInput, UpdateCampaignInput } from './dto/campaign.inputs';
import { countableSignatureSql } from './sql/signature-fragments';

/** Non-rejected signatures of one campaign on one UTC day (YYYY-MM-DD). */
export interface CampaignDailyCount {
  campaignId: string;
  day: string;
  count: number;
}

export interface SignatureCounts {
  /** Every signature that is not rejected. */
  all: number;
  verified: number;
}

/** Campaigns: admins create and activate them; every signed-in user may read them. */
@Injectable()
export class CampaignsService {
  constructor(@InjectRepository(Campaign) private readonly campaigns: Repository<Campaign>) {}

  async create(input: CreateCampaignInput): Promise<Campaign> {
    if (await this.campaigns.existsBy({ slug: input.slug })) throw slugTaken();
    try {
      return await this.campaigns.save(this.campaigns.create({ ...input, signatureGoal: input.signatureGoal ?? null }));
    } catch (error) {
      throw isUniqueViolation(error) ? slugTaken() : error;
    }
  }

  async activate(id: string): Promise<Campaign> {
    const campaign = await this.get(id);
    if (campaign.status !== CampaignStatus.DRAFT)
      throw new InvalidTransitionError('campaign', 'activate', campaign.status);
    return this.campaigns.save(Object.assign(campaign, { status: CampaignStatus.ACTIVE, activatedAt: new Date() }));
  }

  async close(id: string): Promise<Campaign> {
    const campaign = await this.get(id);
    if (campaign.status !== CampaignStatus.ACTIVE)
      throw new InvalidTransitionError('campaign', 'close', campaign.status);
    return this.campaigns.save(Object.assign(campaign, { status: CampaignStatus.CLOSED }));
  }

  /** Title, statement and goal, while the campaign is DRAFT or ACTIVE (a CLOSED one is a record: CONFLICT). */
  async update(id: string, input: UpdateCampaignInput): Promise<Campaign> {
    return this.campaigns.manager.transaction(async (em) => {
      const campaign = isUuid(id)
        ? await em.findOne(Campaign, { where: { id }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!campaign) throw new NotFoundError('Campaign', id);
      if (campaign.status === CampaignStatus.CLOSED)
        throw new InvalidTransitionError('campaign', 'edit', campaign.status);
      // The column's onUpdate is MySQL-only.
      return em.save(Object.assign(campaign, providedFields(input), { updatedAt: new Date() }));
    });
  }

  list(args: ConnectionArgs) {
    // Ids are time-ordered (uuid v7): ordering by id lists campaigns in creation order.
    return paginate(this.campaigns.createQueryBuilder('c'), [{ expression: 'c.id' }], args);
  }

  all(): Promise<Campaign[]> {
    return this.campaigns.find({ order: { id: 'ASC' } });
  }

  find(id: string): Promise<Campaign | null> {
    return isUuid(id) ? this.campaigns.findOneBy({ id }) : Promise.resolve(null);
  }

  async get(id: string): Promise<Campaign> {
    const campaign = await this.find(id);
    if (!campaign) throw new NotFoundError('Campaign', id);
    return campaign;
  }

  findBySlug(slug: string): Promise<Campaign | null> {
    return this.campaigns.findOneBy({ slug });
  }

  byIds(ids: readonly string[]): Promise<Campaign[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.campaigns.findBy({ id: In(valid) }) : Promise.resolve([]);
  }

  /**
   * Countable, non-rejected signatures per UTC day over the last `days` days, for many campaigns
   * in one query, by day (a public sign-up counts once confirmed: nobody inflates the numbers with
   * made-up addresses).
   */
  async signaturesPerDay(campaignIds: readonly string[], days: number): Promise<CampaignDailyCount[]> {
    const rows: { campaign_id: string; day: string; count: string }[] = await this.campaigns.manager.query(
      `SELECT s.campaign_id, to_char(date_trunc('day', s.signed_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS count
         FROM signatures s
        WHERE s.campaign_id = ANY($1::uuid[]) AND s.verification <> 'REJECTED' AND ${countableSignatureSql('s')} AND s.signed_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - make_interval(days => $2 - 1)
        GROUP BY 1, 2 ORDER BY 2`,
      [campaignIds, days],
    );
    return rows.map((r) => ({ campaignId: r.campaign_id, day: r.day, count: Number(r.count) }));
  }

  /** Signature counts of many campaigns in one query: countable ones (see signaturesPerDay). */
  async signatureCounts(campaignIds: readonly string[]): Promise<Map<string, SignatureCounts>> {
    if (!campaignIds.length) return new Map();
    const rows: { campaign_id: string; all_count: string; verified: string }[] = await this.campaigns.manager.query(
      `SELECT s.campaign_id, count(*) FILTER (WHERE s.verification <> 'REJECTED') AS all_count, count(*) FILTER (WHERE s.verification = 'VERIFIED') AS verified
         FROM signatures s WHERE s.campaign_id = ANY($1::uuid[]) AND ${countableSignatureSql('s')} GROUP BY s.campaign_id`,
      [campaignIds],
    );
    return new Map(rows.map((r) => [r.campaign_id, { all: Number(r.all_count), verified: Number(r.verified) }]));
  }
}

const slugTaken = () => new ConflictError('A campaign with this slug already exists', { slug: 'is already taken' });
