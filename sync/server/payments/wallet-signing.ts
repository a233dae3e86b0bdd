// The two providers' request signatures, used by the adapters (to sign and to check answers) and
// by the simulators (to check requests and sign answers), so both ends share one definition.
// WeChat Pay v2: HMAC-SHA256 over the sorted `k=v` pairs plus `&key=<merchant key>`, upper-case hex.
// Alipay: RSA2 (SHA256withRSA) over the sorted `k=v` pairs, base64.
import {
  createHmac,
  createSign,
  createVerify,
  generateKeyPairSync,
  timingSafeEqual,
} from 'node:crypto';

export type SignedParams = Readonly<Record<string, string>>;

/** `a=1&b=2`: sorted by name, empty values and the signature itself left out (both documents). */
export function signingText(params: SignedParams, leaveOut: readonly string[] = ['sign']): string {
  return Object.keys(params)
    .filter((name) => !leaveOut.includes(name) && params[name] !== undefined && params[name] !== '')
    .sort()
    .map((name) => `${name}=${params[name] ?? ''}`)
    .join('&');
}

export function wechatSign(params: SignedParams, merchantKey: string): string {
  return createHmac('sha256', merchantKey)
    .update(`${signingText(params)}&key=${merchantKey}`, 'utf8')
    .digest('hex')
    .toUpperCase();
}

/** Constant-time: a signature check must not tell an attacker how many characters were right. */
export function wechatVerify(params: SignedParams, merchantKey: string): boolean {
  const given = params['sign'];
  if (given === undefined) return false;
  const expected = Buffer.from(wechatSign(params, merchantKey), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function rsa2Sign(text: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(text, 'utf8').sign(privateKeyPem, 'base64');
}

export function rsa2Verify(text: string, signature: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(text, 'utf8')
      .verify(publicKeyPem, signature, 'base64');
  } catch {
    // A malformed key or signature is a failed check, never a crash on the payment path.
    return false;
  }
}

export interface RsaKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/** A fresh 2048-bit pair: demo merchants and the simulated Alipay make theirs at start. */
export function generateRsaKeyPair(): RsaKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
