import * as argon2 from 'argon2';
import { badInput } from '@chorus/core';

/** The password policy, named in the errors of createUser, changePassword and resetPassword. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** BAD_USER_INPUT on `field` when the password does not meet the policy. */
export function assertPasswordPolicy(field: string, password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) badInput(field, `must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (password.length > PASSWORD_MAX_LENGTH) badInput(field, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
}

/** argon2id with the library's defaults (OWASP-level memory and time cost). */
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export const verifyPassword = (hash: string, password: string): Promise<boolean> =>
  argon2.verify(hash, password).catch(() => false);
