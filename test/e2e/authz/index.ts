// Each area adds its table here (one file per area under test/e2e/authz/).
import type { AuthzArea } from './authz-case';
import { mailingsAuthz } from './mailings.authz';

export const authzAreas: AuthzArea<any>[] = [mailingsAuthz];
