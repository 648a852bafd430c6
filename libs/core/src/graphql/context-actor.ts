import type { Actor } from '../context/actor';
import { UnauthenticatedError } from '../errors/domain-errors';
import type { GraphqlContext } from './loaders';

/**
 * The actor of a request, read from the GraphQL context for field resolvers. A field resolver
 * that declares no parameter decorator (`@Parent`, `@Context`, `@CurrentActor` …) is called by
 * @nestjs/graphql directly with graphql-js's `(parent, args, context, info)`, skipping Nest's
 * per-call parameter and pipe pipeline, which runs once per row of a list otherwise.
 * The guard of the root field has put the actor on the request.
 */
export function actorOf(context: GraphqlContext): Actor {
  const actor = context.req.actor;
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

/** The actor if any (fields reachable from @Public operations). */
export const optionalActorOf = (context: GraphqlContext): Actor | undefined => context.req.actor;
