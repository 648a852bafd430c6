import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  BadInputError,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  NotFoundError,
  toConnection,
} from '@chorus/core';
import { personPublicNameSql } from '@chorus/people';
import { CampaignStatus } from './entities/campaign.entity';
import { CampaignsService } from './campaigns.service';
import { PublicSignatoryConnection } from './models/public-signatory.model';

interface Row {
  name: string;
  display_title: string | null;
  signed_at: string;
  id: string;
}

/**
 * The public list of a campaign: verified signatures whose signers chose to be listed, in
 * signing order; names and display titles only, never emails.
 */
@Injectable()
export class PublicSignatoriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsService,
  ) {}

  async list(slug: string, args: { first?: number; after?: string }): Promise<PublicSignatoryConnection> {
    const campaign = await this.campaigns.findBySlug(slug);
    if (!campaign || campaign.status === CampaignStatus.DRAFT) throw new NotFoundError('Campaign', slug);
    const first = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const listed = `FROM signatures s WHERE s.campaign_id = $1 AND s.verification = 'VERIFIED' AND s.public_display`;
    const params: unknown[] = [campaign.id];
    let after = '';
    if (args.after) {
      // signed_at travels as PostgreSQL text, keeping its microseconds for an exact keyset.
      const [signedAt, id] = decodeCursor(args.after, 2) as [string, string];
      params.push(signedAt, id);
      after = ` AND (s.signed_at, s.id) > ($2::timestamptz, $3::uuid)`;
    }
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT ${personPublicNameSql('s.person_id')} AS name, s.display_title, s.signed_at::text AS signed_at, s.id ${listed}${after} ORDER BY s.signed_at, s.id LIMIT ${first + 1}`,
        params,
      ) as Promise<Row[]>,
      this.dataSource.query(`SELECT count(*) AS count ${listed}`, [campaign.id]) as Promise<{ count: string }[]>,
    ]).catch((error) => {
      // A cursor that decodes but that PostgreSQL cannot read (bad timestamp or uuid).
      if ((error as { code?: string }).code?.startsWith('22'))
        throw new BadInputError({ after: 'is not a cursor of this list' });
      throw error;
    });
    const { edges, totalCount, pageInfo } = toConnection(rows, first, Number(count[0].count), (r) => [
      r.signed_at,
      r.id,
    ]);
    return {
      nodes: edges.map(({ node }) => ({ name: node.name, displayTitle: node.display_title })),
      totalCount,
      pageInfo,
    };
  }
}
