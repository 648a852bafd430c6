import { namedAddress, pressReleaseEmail } from './press-release-email';

describe('pressReleaseEmail', () => {
  const base = {
    releaseId: '0193a0b1-aaaa-7bbb-8ccc-ddddeeeeffff',
    title: 'Stealing Isn’t Innovation',
    body: 'Creators demand consent.',
    organizations: ['AFM', 'Authors Guild', 'SAG-AFTRA'],
    contact: { name: 'Jane Doe', email: 'jane@example.test' },
    publicUrl: 'https://chorus.example',
    optOutUrl: 'https://chorus.example/unsubscribe/press/TOKEN',
  };

  it('names the co-signers, addresses the contact by name and carries the one-click opt-out', () => {
    expect(pressReleaseEmail(base)).toEqual({
      to: '"Jane Doe" <jane@example.test>',
      subject: 'Stealing Isn’t Innovation',
      text:
        'Creators demand consent.\n\nCo-signed by: AFM, Authors Guild, SAG-AFTRA\n\n--\n' +
        'You receive this release as a member of the press. https://chorus.example\n' +
        'To stop receiving press releases from us: https://chorus.example/unsubscribe/press/TOKEN',
      headers: {
        'X-Chorus-Press-Release': base.releaseId,
        'List-Unsubscribe': '<https://chorus.example/unsubscribe/press/TOKEN>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  });

  it('leaves the co-signed line out when no organization signs', () => {
    expect(pressReleaseEmail({ ...base, organizations: [] }).text).not.toContain('Co-signed');
  });
});

describe('namedAddress', () => {
  it.each([
    ['Jane Doe', '"Jane Doe" <j@example.test>'],
    ['Doe, Jane', '"Doe, Jane" <j@example.test>'],
    ['Jane "JJ" Doe', '"Jane \\"JJ\\" Doe" <j@example.test>'],
    ['a\\b', '"a\\\\b" <j@example.test>'],
    ['Evil\r\nBcc: x@example.test', '"Evil Bcc: x@example.test" <j@example.test>'],
    ['  ', 'j@example.test'],
  ])('%j → %s', (name, expected) => expect(namedAddress(name, 'j@example.test')).toBe(expected));
});
