import { registerEnumType } from '@nestjs/graphql';
import { badInput } from '@chorus/core';

/**
 * The GDPR Art. 6(1) basis an import declares for processing and mailing the people it brings
 * in. Only the three a coalition can rely on: (a) consent, (b) a contract (union or guild
 * membership), (f) legitimate interests. Legal obligation, vital interests and public task do
 * not describe a CRM import, so they are refused rather than offered.
 */
export enum LawfulBasis {
  CONSENT = 'CONSENT',
  CONTRACT = 'CONTRACT',
  LEGITIMATE_INTEREST = 'LEGITIMATE_INTEREST',
}
registerEnumType(LawfulBasis, {
  name: 'LawfulBasis',
  description: 'GDPR Art. 6(1) basis declared by an import: (a) consent, (b) contract, (f) legitimate interests',
});

export const MAX_LAWFUL_BASIS_NOTE = 2000;

export interface DeclaredBasis {
  lawfulBasis: LawfulBasis;
  lawfulBasisNote: string | null;
}

/** Reads `?lawfulBasis=…&lawfulBasisNote=…` of an upload; BAD_USER_INPUT naming the parameter. */
export function declaredBasis(query: Record<string, unknown>): DeclaredBasis {
  const basis = query.lawfulBasis;
  const choices = Object.values(LawfulBasis).join(', ');
  if (basis === undefined || basis === '')
    badInput('lawfulBasis', `is required: declare the GDPR lawful basis of this import, one of ${choices}`);
  if (typeof basis !== 'string' || !(Object.values(LawfulBasis) as string[]).includes(basis))
    badInput('lawfulBasis', `must be one of ${choices}`);
  const note = query.lawfulBasisNote;
  if (note !== undefined && typeof note !== 'string') badInput('lawfulBasisNote', 'must be given once, as text');
  const trimmed = (note as string | undefined)?.trim() || null;
  if (trimmed && trimmed.length > MAX_LAWFUL_BASIS_NOTE)
    badInput('lawfulBasisNote', `must be at most ${MAX_LAWFUL_BASIS_NOTE} characters`);
  if (trimmed?.includes('\u0000')) badInput('lawfulBasisNote', 'must not contain NUL characters');
  return { lawfulBasis: basis as LawfulBasis, lawfulBasisNote: trimmed };
}
