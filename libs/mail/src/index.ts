export * from './mail-transport';
export * from './mail.module';
export * from './mail-catcher';
export * from './smtp-url';
