export * from './privacy.module';
export * from './privacy.service';
export * from './person-activity';
export * from './person-data-parts';
export * from './dto/privacy.args';
