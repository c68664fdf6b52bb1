import { en } from 'zod/locales';
import { config } from 'zod/mini';

/**
 * The zod every lambda/ module uses: `zod/mini`, whose functions esbuild can drop when unused,
 * where classic zod's methods all come along (−46 KB minified). Mini sets no locale, and without
 * one every message reads "Invalid input"; the English one gives the 400s their wording ("Too
 * small: expected array to have >=1 items"). Messages are made when a parse fails, so setting it
 * here, where every schema module gets `z` from, sets it before any parse. `zod/locales` brings
 * only `en` into the bundle (3 KB); `z.locales.en` would bring all of them. Classic zod also
 * installs a memoizer; it serves only recursive schemas, and none here are.
 */
config(en());

// `export *`, not `export { z }`: esbuild cannot tree-shake a re-exported namespace object.
export * from 'zod/mini';
