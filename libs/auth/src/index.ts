export * from './entities/user.entity';
export * from './dto/auth.inputs';
export * from './auth.service';
export * from './auth.module';
export { hashPassword } from './password';
