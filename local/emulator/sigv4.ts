import { createHash, createHmac } from 'node:crypto';

/** Secret access keys by access key ID: the credentials whose signatures the emulator checks. */
export type SigningSecrets = Readonly<Record<string, string>>;

/** Bedrock's message for a signature that does not match (as its 403 InvalidSignatureException bodies read). */
export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;:-]+),\s*Signature=([0-9a-f]{64})$/;

/**
 * Checks a request's SigV4 signature as Bedrock does, computed here from the specification
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html)
 * rather than with the SDK's signer, so that a client whose signing goes wrong is refused as AWS
 * would refuse it. Returns the error message, or undefined when the request may go on.
 *
 * Only what the emulator can check is checked: a SigV4 `Authorization` header, in the form the SDK
 * writes, by an access key it was given. A request signed by another key, an `Authorization` of
 * another form (a Bedrock API key's `Bearer`, or one this pattern cannot read, which Bedrock would
 * refuse with an error not modelled here), or none at all, goes on unchecked, as before signatures
 * were checked: the emulator cannot know those secrets. Bedrock Runtime's operations have no query string, so the canonical
 * query is empty. `service` is the name the credential scope must carry: Bedrock Runtime's, but
 * for AWS's published test vectors.
 */
export function signatureProblem(
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
  secrets: SigningSecrets,
  service = 'bedrock',
): string | undefined {
  const match = AUTHORIZATION.exec(headers.authorization ?? '');
  if (!match) return undefined;
  const [, keyId = '', day = '', region = '', scoped = '', signedHeaders = '', signature = ''] = match;
  if (!Object.hasOwn(secrets, keyId)) return undefined;
  const amzDate = headers['x-amz-date'] ?? '';
  if (scoped !== service || !amzDate.startsWith(day)) return SIGNATURE_MISMATCH;

  // Over HTTP/2 the SDK signs the `:authority` pseudo-header (the exchange's `host`) by that name.
  const value = (name: string) => (name === ':authority' ? headers.host : headers[name]) ?? '';
  const canonicalHeaders = signedHeaders
    .split(';')
    .map((name) => `${name}:${value(name).trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  // Every service but S3 encodes the (already encoded) path once more: %3A becomes %253A.
  const canonicalUri = path.split('/').map(uriEncode).join('/');
  const canonicalRequest = [method, canonicalUri, '', canonicalHeaders, signedHeaders, sha256Hex(body)].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${secrets[keyId]}`, day);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  return hmac(key, stringToSign).toString('hex') === signature ? undefined : SIGNATURE_MISMATCH;
}

/** RFC 3986 percent-encoding: everything but unreserved characters, with upper-case hex. */
function uriEncode(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
