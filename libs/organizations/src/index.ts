export * from './entities/organization.entity';
export * from './dto/organization.inputs';
export * from './organizations.service';
export * from './organizations.module';
export * from './sql/organization-fragments';
export * from './organization-name';
