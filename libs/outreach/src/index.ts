export * from './outreach.module';
