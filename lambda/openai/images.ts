import type { ImageFormat } from '@aws-sdk/client-bedrock-runtime';
import { BadRequestError } from '../errors';

const FORMATS: Readonly<Record<string, ImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

const DATA_URL = /^data:([^;,]+)(?:;[^;,]*)*?;base64,(.*)$/s;

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
  const match = DATA_URL.exec(url);
  const format = match ? FORMATS[match[1]?.toLowerCase() ?? ''] : undefined;
  if (!match || !format) {
    throw new BadRequestError('An image must be a base64 data: URL of a PNG, JPEG, GIF or WebP image.', {
      param,
      code: 'invalid_image_url',
    });
  }
  const bytes = Buffer.from(match[2] ?? '', 'base64');
  if (bytes.length === 0) throw new BadRequestError('The image data is empty.', { param, code: 'invalid_image_url' });
  return { format, source: { bytes: new Uint8Array(bytes) } };
}
