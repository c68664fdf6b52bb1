import { originAsSent } from './cors';

/** A construct prop that would deploy something broken or wider than intended; thrown at synth. */
export class BedrockProxyPropsError extends Error {
  override name = 'BedrockProxyPropsError';
}

/** Lambda's hard limit; a Function URL stream ends when the invocation does. */
export const MAX_TIMEOUT_SECONDS = 900;

/**
 * The handler ends every Bedrock call DEADLINE_MARGIN_MS (2 s by default) before the timeout, so a
 * shorter timeout would answer every request with a 504 at once.
 */
export const MIN_TIMEOUT_SECONDS = 5;

export function assertIntInRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BedrockProxyPropsError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/**
 * The origins as a browser sends them in `Origin`: lower-case scheme and host, no default port
 * (`http://Example.com:80` is sent as `http://example.com`). The URL's CORS compares strings, so
 * an origin written otherwise would never match. Function URL CORS limits
 * (https://docs.aws.amazon.com/lambda/latest/dg/API_Cors.html): at most 100 origins of at most
 * 253 characters. Throws on one that is not "*" or scheme://host[:port] with no path.
 */
export function originsAsSent(origins: readonly string[]): string[] {
  if (origins.length > 100) {
    throw new BedrockProxyPropsError(`allowedOrigins has ${origins.length} entries; a Function URL accepts 100`);
  }
  const asSent = origins.map((origin) => {
    const normalised = originAsSent(origin);
    if (normalised === undefined || origin.length > 253) {
      throw new BedrockProxyPropsError(
        `Invalid origin ${JSON.stringify(origin)}: use "*" or scheme://host[:port] (no path), at most 253 characters`,
      );
    }
    return normalised;
  });
  return [...new Set(asSent)];
}
