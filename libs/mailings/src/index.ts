export * from './mailings.module';
export * from './mailings.config';
export * from './mailings.service';
export * from './entities/mailing.entity';
export * from './deliveries-person-data';
