// Every migration, in the order it runs. A new migration is a new file and a new line here.
import { Foundation1764100000000 } from './1764100000000-foundation';
import { Crm1764100100000 } from './1764100100000-crm';
import { Press1764100200000 } from './1764100200000-press';
import { Outreach1764100300000 } from './1764100300000-outreach';
import { Mailings1764100400000 } from './1764100400000-mailings';
import { Imports1764100500000 } from './1764100500000-imports';
import { PeopleEmailKey1764100600000 } from './1764100600000-people-email-key';
import { Registry1765000800000 } from './1765000800000-registry';

export const migrations = [
  Foundation1764100000000,
  Crm1764100100000,
  Press1764100200000,
  Outreach1764100300000,
  Mailings1764100400000,
  Imports1764100500000,
  PeopleEmailKey1764100600000,
  Registry1765000800000,
];
