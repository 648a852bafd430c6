// Each area adds its table here (one file per area under test/e2e/authz/).
import type { AuthzArea } from './authz-case';
import { crmAuthz } from './crm.authz';
import { outreachAuthz, pressAuthz } from './press.authz';
import { mailingsAuthz } from './mailings.authz';
import { importsAuthz } from './imports.authz';
import { crm2Authz } from './crm2.authz';

export const authzAreas: AuthzArea<any>[] = [
  crmAuthz,
  pressAuthz,
  outreachAuthz,
  mailingsAuthz,
  importsAuthz,
  crm2Authz,
];
