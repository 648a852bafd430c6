export * from './mailings.module';
