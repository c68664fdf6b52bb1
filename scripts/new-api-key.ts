import { createHash, randomBytes } from 'node:crypto';

/**
 * Prints a new API key, its SHA-256 and a ready-to-merge entry for the API-key secret.
 * Usage: npx tsx scripts/new-api-key.ts NAME [MODEL_ID ...]
 */
const [name = 'new-key', ...models] = process.argv.slice(2);
const key = randomBytes(32).toString('base64url');
const sha256 = createHash('sha256').update(key, 'utf8').digest('hex');
const entry = { [name]: { sha256, enabled: true, ...(models.length > 0 && { models }) } };

console.log(`key (give this to the caller, store it nowhere else): ${key}`);
console.log(`sha256: ${sha256}`);
console.log(`secret entry: ${JSON.stringify(entry)}`);
