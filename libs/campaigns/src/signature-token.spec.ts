import { signatureToken, verifySignatureToken } from './signature-token';

const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const secret = 'a-secret-of-sixteen-plus';

describe('signature confirmation tokens', () => {
  it('round-trips the signature id', () => {
    expect(verifySignatureToken(signatureToken(id, secret), secret)).toBe(id);
  });
  it('rejects tampered, foreign and malformed tokens', () => {
    const token = signatureToken(id, secret);
    expect(verifySignatureToken(token.slice(0, -2) + 'xx', secret)).toBeNull();
    expect(verifySignatureToken(token, 'another-secret-value')).toBeNull();
    expect(verifySignatureToken(`${id.replace('a5b', 'a5c')}.${token.split('.')[1]}`, secret)).toBeNull();
    expect(verifySignatureToken('nonsense', secret)).toBeNull();
  });
});
