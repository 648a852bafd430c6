// Each area lists the contract names it implements in its own file and adds it here.
import { foundationContract } from './foundation.contract';
import { crmContract } from './crm.contract';
import { importsContract } from './imports.contract';

export const implementedContract: string[] = [...foundationContract, ...crmContract, ...importsContract];
