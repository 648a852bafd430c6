// Each area lists the contract names it implements in its own file and adds it here.
import { foundationContract } from './foundation.contract';
import { pressContract } from './press.contract';

export const implementedContract: string[] = [...foundationContract, ...pressContract];
