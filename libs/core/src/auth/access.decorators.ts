import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor, Role } from '../context/actor';
import { UnauthenticatedError } from '../errors/domain-errors';

export const PUBLIC_KEY = 'chorus:public';
export const ALLOW_KEY = 'chorus:allow';

/** Anyone may call this, signed in or not. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * Which roles may call this operation. COALITION_ADMIN may always; an operation without
 * @Allow or @Public is admin-only (deny by default).
 */
export const Allow = (...roles: Role[]) => SetMetadata(ALLOW_KEY, roles);

/** Every signed-in role. */
export const ALL_ROLES = [Role.COALITION_ADMIN, Role.ORG_STAFF, Role.PRESS_OFFICER];

export function requestOf(context: ExecutionContext): { actor?: Actor; headers: Record<string, unknown>; ip?: string } {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

/** The signed-in user of this request (the guard has checked there is one). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw new UnauthenticatedError();
  return actor;
});

/** The signed-in user if any (on @Public operations). */
export const OptionalActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor | undefined => requestOf(context).actor,
);
