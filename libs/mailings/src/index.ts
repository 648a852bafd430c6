export * from './mailings.module';
export * from './mailings.config';
export * from './mailings.service';
export * from './entities/mailing.entity';
export { MailingSignals } from './signals/mailing-signals';
export * from './deliveries-person-data';
