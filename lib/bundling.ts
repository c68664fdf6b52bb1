import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

const ENV_CREDENTIALS = fileURLToPath(new URL('../lambda/bundle/env-credentials.ts', import.meta.url));
const HTTP1_HANDLER = fileURLToPath(new URL('../lambda/bundle/node-http-handler.js', import.meta.url));

/** The file the function's handler is read from: `index.handler`. */
export const ENTRY_FILE = 'index.mjs';

/**
 * The esbuild settings of the Lambda bundle, in one place: the stack bundles the function with
 * `esbuildOptions()` (see `bundledCode()`), and the benchmark (bench/build.ts) and the tests build
 * with the very same options, so the size and cold start they measure are those of what ships.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  target: 'node24',
  // ESM entry points first: they tree-shake; the `main` (CommonJS) builds of the SDK do not.
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  /**
   * Code splitting: each dynamic `import()` in the code becomes a file of its own under chunks/,
   * read on first use, not at cold start: the playground, /docs and /openapi.json, the /v1
   * request schemas, what /v1/chat/completions runs, the embedding cache's LRU library, the SDK's
   * event-stream reader. Code that
   * the cold start and such a module share goes to a chunk `index.mjs` imports, so it is still
   * loaded at cold start.
   */
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies inside an ESM bundle still call require(); esbuild puts this in every file.
  banner:
    "import { createRequire as __bedrockProxyCreateRequire } from 'node:module'; " +
    'const require = __bedrockProxyCreateRequire(import.meta.url);',
  /**
   * Package → file swapped in at bundle time. In Lambda the SDK's
   * default credential chain always stops at its first link, the environment (the runtime sets
   * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN from the execution role); its
   * other links (SSO, ini files, credential_process, web identity, ECS/IMDS) and the STS/SSO
   * clients they load are ~100 KB of dead code; likewise the SSO token provider behind bearer
   * auth. See lambda/bundle/env-credentials.ts. The SDK's HTTP package keeps only its HTTP/1.1
   * handler, the one our clients use, so that `node:http2` is never loaded: see
   * lambda/bundle/node-http-handler.js.
   */
  alias: {
    '@aws-sdk/credential-provider-node': ENV_CREDENTIALS,
    '@aws-sdk/token-providers': ENV_CREDENTIALS,
    '@smithy/node-http-handler': HTTP1_HANDLER,
  },
  /**
   * `import("bowser")` is in the SDK's browser user-agent parser, code the bundle drops as unused;
   * with splitting esbuild would still write the module it names as a 35 KB chunk nothing imports.
   */
  external: ['bowser'],
} as const;

/**
 * The esbuild options of the Lambda bundle: `<outdir>/index.mjs` (the handler) with its source
 * map, and `<outdir>/chunks/` for the modules it imports. Nothing is external but the above: the
 * AWS SDK is bundled at the version in package-lock.json, the one the tests ran, not the runtime's.
 */
export function esbuildOptions(opts: { projectRoot: string; entry: string; outdir: string }): BuildOptions {
  return {
    absWorkingDir: opts.projectRoot,
    entryPoints: [{ in: opts.entry, out: path.basename(ENTRY_FILE, '.mjs') }],
    outdir: opts.outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: LAMBDA_BUNDLE.format,
    target: LAMBDA_BUNDLE.target,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourcemap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    splitting: LAMBDA_BUNDLE.splitting,
    chunkNames: LAMBDA_BUNDLE.chunkNames,
    banner: { js: LAMBDA_BUNDLE.banner },
    alias: { ...LAMBDA_BUNDLE.alias },
    external: [...LAMBDA_BUNDLE.external],
  };
}

/**
 * The function's code: the bundle of `entry`, built by the esbuild in node_modules in this
 * process while the app synthesizes (never Docker: the image is only there because the CDK's
 * bundling options require one). The CDK's `NodejsFunction` cannot do this: it builds one file
 * with `--outfile`, which esbuild's code splitting does not allow. The asset's hash is the
 * bundle's, so an unchanged bundle is not uploaded again.
 */
export function bundledCode(opts: { projectRoot: string; entry: string }): lambda.Code {
  return lambda.Code.fromAsset(opts.projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: lambda.Runtime.NODEJS_24_X.bundlingImage,
      local: {
        tryBundle(outputDir) {
          buildSync({ ...esbuildOptions({ ...opts, outdir: outputDir }), logLevel: 'warning' });
          return true;
        },
      },
    },
  });
}

/**
 * The files of a built bundle that a cold start reads: `index.mjs` and the chunks it imports
 * statically, directly or not; the other chunks are read on first use. Paths as in the metafile
 * (relative to the build's working directory).
 */
export function coldStartFiles(metafile: Metafile): string[] {
  const entry = Object.keys(metafile.outputs).find((file) => path.basename(file) === ENTRY_FILE);
  if (entry === undefined) throw new Error(`the metafile has no ${ENTRY_FILE}`);
  const files = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const { path: imported, kind, external } of metafile.outputs[file]?.imports ?? []) {
      if (kind === 'import-statement' && !external) visit(imported);
    }
  };
  visit(entry);
  return [...files];
}
