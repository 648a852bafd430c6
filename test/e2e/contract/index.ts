// Each area lists the contract names it implements in its own file and adds it here.
import { foundationContract } from './foundation.contract';
import { crmContract } from './crm.contract';
import { pressContract } from './press.contract';
import { mailingsContract } from './mailings.contract';
import { importsContract } from './imports.contract';

export const implementedContract: string[] = [
  ...foundationContract,
  ...crmContract,
  ...pressContract,
  ...mailingsContract,
  ...importsContract,
];
