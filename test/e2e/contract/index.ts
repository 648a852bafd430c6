// Each area lists the contract names it implements in its own file and adds it here.
import { foundationContract } from './foundation.contract';
import { mailingsContract } from './mailings.contract';

export const implementedContract: string[] = [...foundationContract, ...mailingsContract];
