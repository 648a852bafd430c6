import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  COALITION_ADMIN = 'COALITION_ADMIN',
  ORG_STAFF = 'ORG_STAFF',
  PRESS_OFFICER = 'PRESS_OFFICER',
}
registerEnumType(Role, { name: 'Role' });

/** The authenticated user behind a request, as every service sees it. */
export interface Actor {
  userId: string;
  role: Role;
  /** Set for ORG_STAFF: the one organization whose private data they may read and change. */
  organizationId: string | null;
}

export const isAdmin = (actor: Actor): boolean => actor.role === Role.COALITION_ADMIN;
