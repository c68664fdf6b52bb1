import type { ImageFormat } from '@aws-sdk/client-bedrock-runtime';
import { BadRequestError } from '../errors';

const FORMATS: Readonly<Record<string, ImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * A base64 `data:` URL's media type and data, or undefined. Read by hand, in one pass: a regex
 * with a repeated parameter group backtracked quadratically on a long run of ";".
 */
function dataUrl(url: string): { mediaType: string; data: string } | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const [mediaType = '', ...parameters] = url.slice('data:'.length, comma).split(';');
  if (!mediaType || parameters.at(-1) !== 'base64') return undefined;
  return { mediaType: mediaType.toLowerCase(), data: url.slice(comma + 1) };
}

/**
 * An OpenAI `image_url` as a Converse image block. Only `data:` URLs: the proxy does not fetch
 * remote URLs on the caller's behalf (no SSRF, no hidden latency), and Converse takes bytes.
 */
export function imageBlock(url: string, param: string): { format: ImageFormat; source: { bytes: Uint8Array } } {
  if (/^https?:/i.test(url)) {
    throw new BadRequestError('Image URLs are not fetched by this proxy; send the image inline as a data: URL (data:image/png;base64,…).', {
      param,
      code: 'unsupported_image_url',
    });
  }
  const match = dataUrl(url);
  const format = match && Object.hasOwn(FORMATS, match.mediaType) ? FORMATS[match.mediaType] : undefined;
  if (!match || !format) {
    throw new BadRequestError('An image must be a base64 data: URL of a PNG, JPEG, GIF or WebP image.', {
      param,
      code: 'invalid_image_url',
    });
  }
  const bytes = Buffer.from(match.data, 'base64');
  if (bytes.length === 0) throw new BadRequestError('The image data is empty.', { param, code: 'invalid_image_url' });
  return { format, source: { bytes: new Uint8Array(bytes) } };
}
