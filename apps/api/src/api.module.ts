import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Logger } from 'nestjs-pino';
import {
  ConfigModule,
  coreEnv,
  DatabaseModule,
  EnvSource,
  formatGraphqlError,
  GraphqlContext,
  graphqlEnv,
  graphqlProtection,
  introspectionEnabled,
  noStorePlugins,
  PagePrefetchModule,
  parseEnv,
  QueueModule,
  retryAfterPlugin,
  StrictDateTimeScalar,
} from '@chorus/core';
import { DomainErrorFilter } from '@chorus/core';
import { AuditApiModule, AuditModule } from '@chorus/audit';
import { MailModule } from '@chorus/mail';
import { AuthApiModule } from '@chorus/auth';
import { OrganizationsApiModule } from '@chorus/organizations';
import { PeopleApiModule } from '@chorus/people';
import { CampaignsApiModule } from '@chorus/campaigns';
import { PressApiModule } from '@chorus/press';
import { OutreachApiModule } from '@chorus/outreach';
import { MailingsApiModule } from '@chorus/mailings';
import { ImportsApiModule } from '@chorus/imports';
import { PrivacyApiModule } from '@chorus/privacy';
import { RegistryApiModule } from '@chorus/registry';
import { graphqlMetricsPlugin, ObservabilityApiModule } from '@chorus/observability';

/** The API process: GraphQL at /graphql plus the HTTP endpoints of each area. */
@Module({})
export class ApiModule {
  static register(env: EnvSource): DynamicModule {
    const limits = parseEnv(graphqlEnv, env);
    const protection = graphqlProtection(limits);
    const introspection = introspectionEnabled(limits, parseEnv(coreEnv, env).NODE_ENV);
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(env),
        DatabaseModule,
        QueueModule.forApi(),
        AuditModule,
        AuditApiModule,
        MailModule,
        ObservabilityApiModule,
        PagePrefetchModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [Logger],
          useFactory: (logger: Logger) => ({
            autoSchemaFile: true,
            sortSchema: true,
            // Every `Date` field and argument uses the strict DateTime: an input without an offset is refused.
            buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: StrictDateTimeScalar }] },
            path: '/graphql',
            // Off in production unless GRAPHQL_INTROSPECTION=true: clients read schema.graphql instead.
            graphiql: introspection,
            introspection,
            context: ({ req }: { req: GraphqlContext['req'] }): GraphqlContext => ({ req }),
            // graphql-armor and @nestjs/apollo resolve @apollo/server's types from different builds.
            plugins: [...noStorePlugins, ...protection.plugins, retryAfterPlugin, graphqlMetricsPlugin] as NonNullable<
              ApolloDriverConfig['plugins']
            >,
            validationRules: protection.validationRules,
            parseOptions: protection.parseOptions,
            allowBatchedHttpRequests: false,
            includeStacktraceInErrorResponses: false,
            formatError: (formatted, error) =>
              formatGraphqlError(formatted, error, (original) => {
                const reference = Math.random().toString(36).slice(2, 10);
                logger.error({ err: original, reference }, 'Unexpected GraphQL error');
                return reference;
              }),
          }),
        }),
        AuthApiModule,
        OrganizationsApiModule,
        PeopleApiModule,
        CampaignsApiModule,
        PressApiModule,
        OutreachApiModule,
        MailingsApiModule,
        ImportsApiModule,
        PrivacyApiModule,
        RegistryApiModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
