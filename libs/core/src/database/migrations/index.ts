// Every migration, in the order it runs. A new migration is a new file and a new line here.
import { Foundation1764100000000 } from './1764100000000-foundation';
import { Crm1764100100000 } from './1764100100000-crm';
import { Press1764100200000 } from './1764100200000-press';
import { Outreach1764100300000 } from './1764100300000-outreach';
import { Mailings1764100400000 } from './1764100400000-mailings';
import { Imports1764100500000 } from './1764100500000-imports';
import { PeopleEmailKey1764100600000 } from './1764100600000-people-email-key';
import { MailingPausedReason1765000300000 } from './1765000300000-mailing-paused-reason';
import { ConsentPrivacy1765000700000 } from './1765000700000-consent-privacy';
import { EverydayWork1765000600000 } from './1765000600000-everyday-work';
import { ImportsLawfulBasis1765000500000 } from './1765000500000-imports-lawful-basis';
import { UserLifecycle1765000100000 } from './1765000100000-user-lifecycle';
import { SignatureConfirmationSent1765000101000 } from './1765000101000-signature-confirmation-sent';
import { Registry1765000800000 } from './1765000800000-registry';
import { PeopleCountSlots1765000900000 } from './1765000900000-people-count-slots';
import { RegistryUniqueIdentifiers1765001000000 } from './1765001000000-registry-unique-identifiers';
import { OrganizationOnlyForStaff1765001100000 } from './1765001100000-organization-only-for-staff';
import { OrganizationNamesNormalized1765001200000 } from './1765001200000-organization-names-normalized';
import { MailingDeliveriesCancelled1765001210000 } from './1765001210000-mailing-deliveries-cancelled';
import { SuppressReplacedOptOuts1765001400000 } from './1765001400000-suppress-replaced-opt-outs';

export const migrations = [
  Foundation1764100000000,
  Crm1764100100000,
  Press1764100200000,
  Outreach1764100300000,
  Mailings1764100400000,
  Imports1764100500000,
  PeopleEmailKey1764100600000,
  MailingPausedReason1765000300000,
  ConsentPrivacy1765000700000,
  EverydayWork1765000600000,
  ImportsLawfulBasis1765000500000,
  UserLifecycle1765000100000,
  SignatureConfirmationSent1765000101000,
  Registry1765000800000,
  PeopleCountSlots1765000900000,
  RegistryUniqueIdentifiers1765001000000,
  OrganizationOnlyForStaff1765001100000,
  OrganizationNamesNormalized1765001200000,
  MailingDeliveriesCancelled1765001210000,
  SuppressReplacedOptOuts1765001400000,
];
