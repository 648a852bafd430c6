import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { StrictDateTimeScalar } from '@chorus/core';
import { ApiModule } from '../api.module';

type ModuleRef = Type<unknown> | DynamicModule | Promise<DynamicModule>;

/** Every resolver class the API module imports, found through the modules' metadata. */
function resolversOf(root: ModuleRef, seen = new Set<unknown>()): Type<unknown>[] {
  if (!root || root instanceof Promise || seen.has(root)) return [];
  seen.add(root);
  const dynamic = typeof root === 'object' ? root : undefined;
  const moduleClass = dynamic ? dynamic.module : (root as Type<unknown>);
  const imports: ModuleRef[] = [...(Reflect.getMetadata('imports', moduleClass) ?? []), ...(dynamic?.imports ?? [])];
  const providers: unknown[] = [
    ...(Reflect.getMetadata('providers', moduleClass) ?? []),
    ...(dynamic?.providers ?? []),
  ];
  const own = providers.filter(
    (p): p is Type<unknown> => typeof p === 'function' && Reflect.hasMetadata(RESOLVER_TYPE_METADATA, p),
  );
  return [...own, ...imports.flatMap((m) => resolversOf(m, seen))];
}

/**
 * The API's schema as SDL, built from the resolver classes without starting the app (no
 * database, no Redis): what `npm run build` writes to schema.graphql for client developers.
 */
export async function printApiSchema(): Promise<string> {
  const resolvers = [...new Set(resolversOf(ApiModule.register({ NODE_ENV: 'development' })))];
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  try {
    await app.init();
    const schema = await app
      .get(GraphQLSchemaFactory)
      .create(resolvers, { scalarsMap: [{ type: Date, scalar: StrictDateTimeScalar }] });
    return `${printSchema(lexicographicSortSchema(schema))}\n`;
  } finally {
    await app.close();
  }
}
