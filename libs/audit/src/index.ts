export * from './audit-event.entity';
export * from './audited.decorator';
export * from './audit.service';
export * from './audit.module';
export * from './audit-entities';
export * from './audit-erasure';
export * from './audit-events.service';
