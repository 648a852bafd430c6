// Each area adds its table here (one file per area under test/e2e/authz/).
import type { AuthzArea } from './authz-case';
import { mailingsAuthz } from './mailings.authz';

// The table's beforeAll creates users (argon2) and every area's fixtures: more than Jest's default
// 5 s hook timeout on a busy machine (the e2e project's testTimeout is ignored inside `projects`).
jest.setTimeout(60_000);

export const authzAreas: AuthzArea<any>[] = [mailingsAuthz];
