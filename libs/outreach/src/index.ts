export * from './outreach.module';
export * from './outreach.config';
export * from './entities/outreach-task.entity';
export * from './dto/outreach.inputs';
export * from './outreach.service';
export * from './reminder-scheduler';
export * from './tasks-person-data';
