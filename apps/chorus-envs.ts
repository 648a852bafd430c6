import { coreEnv, EnvSpec, graphqlEnv } from '@chorus/core';
import { authEnv } from '@chorus/auth';
import { campaignsEnv } from '@chorus/campaigns';
import { pressEnv } from '@chorus/press';
import { outreachEnv } from '@chorus/outreach';
import { mailingsEnv } from '@chorus/mailings';
import { importsEnv } from '@chorus/imports';
import { observabilityEnv } from '@chorus/observability';
import { registryEnv } from '@chorus/registry';

/** Every variable set the API and the worker check at start-up (`assertEnv`): one list for both. */
export const CHORUS_ENVS: EnvSpec[] = [
  coreEnv,
  graphqlEnv,
  authEnv,
  campaignsEnv,
  pressEnv,
  outreachEnv,
  mailingsEnv,
  importsEnv,
  registryEnv,
  observabilityEnv,
];
