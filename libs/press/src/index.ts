export * from './press.module';
