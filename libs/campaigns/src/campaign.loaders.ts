import DataLoader from 'dataloader';
import { byKey, GraphqlContext, requestLoader } from '@chorus/core';
import { Campaign } from './entities/campaign.entity';
import { CampaignsService, SignatureCounts } from './campaigns.service';

/** Request-scoped loaders of campaigns and their signature counts. */
export function loadCampaign(
  context: GraphqlContext,
  campaigns: CampaignsService,
  id: string,
): Promise<Campaign | null> {
  return requestLoader(
    context,
    'campaigns.byId',
    () => new DataLoader<string, Campaign | null>(async (ids) => byKey(ids, await campaigns.byIds(ids), (c) => c.id)),
  ).load(id);
}

export function loadSignatureCounts(
  context: GraphqlContext,
  campaigns: CampaignsService,
  id: string,
): Promise<SignatureCounts> {
  return requestLoader(
    context,
    'campaigns.signatureCounts',
    () =>
      new DataLoader<string, SignatureCounts>(async (ids) => {
        const counts = await campaigns.signatureCounts(ids);
        return ids.map((campaignId) => counts.get(campaignId) ?? { all: 0, verified: 0 });
      }),
  ).load(id);
}
