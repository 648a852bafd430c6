export * from './entities/user.entity';
export * from './dto/auth.inputs';
export * from './dto/user.inputs';
export * from './auth.config';
export * from './auth.service';
export * from './users.service';
export * from './password-reset.service';
export * from './auth.module';
export { hashPassword } from './password';
