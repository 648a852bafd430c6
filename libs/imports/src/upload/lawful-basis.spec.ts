import { BadInputError } from '@chorus/core';
import { declaredBasis, LawfulBasis } from './lawful-basis';

const fieldsOf = (query: Record<string, unknown>) => {
  try {
    declaredBasis(query);
  } catch (error) {
    return (error as BadInputError).fields;
  }
  throw new Error('accepted');
};

describe('declaredBasis', () => {
  it('reads the basis and a trimmed optional note', () => {
    expect(declaredBasis({ lawfulBasis: 'CONSENT' })).toEqual({
      lawfulBasis: LawfulBasis.CONSENT,
      lawfulBasisNote: null,
    });
    expect(declaredBasis({ lawfulBasis: 'LEGITIMATE_INTEREST', lawfulBasisNote: '  From the 2025 roll  ' })).toEqual({
      lawfulBasis: LawfulBasis.LEGITIMATE_INTEREST,
      lawfulBasisNote: 'From the 2025 roll',
    });
  });

  it('names the parameter that is missing or wrong', () => {
    expect(Object.keys(fieldsOf({}))).toEqual(['lawfulBasis']);
    expect(fieldsOf({ lawfulBasis: 'consent' })).toEqual({
      lawfulBasis: 'must be one of CONSENT, CONTRACT, LEGITIMATE_INTEREST',
    });
    expect(fieldsOf({ lawfulBasis: ['CONSENT', 'CONTRACT'] })).toEqual({
      lawfulBasis: 'must be one of CONSENT, CONTRACT, LEGITIMATE_INTEREST',
    });
    expect(fieldsOf({ lawfulBasis: 'CONTRACT', lawfulBasisNote: ['a', 'b'] })).toEqual({
      lawfulBasisNote: 'must be given once, as text',
    });
    expect(fieldsOf({ lawfulBasis: 'CONTRACT', lawfulBasisNote: 'x'.repeat(2001) })).toEqual({
      lawfulBasisNote: 'must be at most 2000 characters',
    });
  });
});
