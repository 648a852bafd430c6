export * from './audit-event.entity';
export * from './audited.decorator';
export * from './audit.service';
export * from './audit.module';
export * from './audit-events.service';
