export * from './imports.module';
export * from './imports.config';
export * from './imports.service';
export * from './entities/import-job.entity';
export * from './upload/lawful-basis';
