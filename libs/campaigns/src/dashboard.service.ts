import { Injectable } from '@nestjs/common';
import { OrganizationsService } from '@chorus/organizations';
import { CommitmentStatus } from './entities/commitment.entity';
import { CoalitionDashboard } from './models/dashboard.model';
import { CampaignsService } from './campaigns.service';
import { CommitmentsService } from './commitments.service';
import { isAtRisk } from './commitment-pace';

/**
 * The coalition lead's overview: per organization its commitments met / at risk / total, and
 * every campaign (signature counts come from the batched Campaign field resolvers). A handful
 * of set-based queries, whatever the number of organizations.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly commitments: CommitmentsService,
    private readonly campaigns: CampaignsService,
    private readonly organizations: OrganizationsService,
  ) {}

  async coalition(now = new Date()): Promise<CoalitionDashboard> {
    const [commitments, campaigns] = await Promise.all([this.commitments.all(), this.campaigns.all()]);
    const summaries = new Map<string, { met: number; atRisk: number; total: number }>();
    for (const c of commitments) {
      const summary = summaries.get(c.organizationId) ?? { met: 0, atRisk: 0, total: 0 };
      summary.total += 1;
      if (c.status === CommitmentStatus.MET) summary.met += 1;
      if (isAtRisk(c, now)) summary.atRisk += 1;
      summaries.set(c.organizationId, summary);
    }
    const organizations = await this.organizations.byIds([...summaries.keys()]);
    organizations.sort((a, b) => a.name.localeCompare(b.name));
    return {
      commitments: organizations.map((organization) => ({ organization, ...summaries.get(organization.id)! })),
      campaigns,
    };
  }
}
