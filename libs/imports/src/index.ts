export * from './imports.module';
