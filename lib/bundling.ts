import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

const ENV_CREDENTIALS = fileURLToPath(new URL('../lambda/bundle/env-credentials.ts', import.meta.url));
const HTTP1_HANDLER = fileURLToPath(new URL('../lambda/bundle/node-http-handler.js', import.meta.url));

/**
 * The esbuild settings of the Lambda bundle, in one place: `NodejsFunction` gets them through
 * `nodejsBundling()`, and the benchmark (bench/bundle.ts) builds the very same bundle with
 * `esbuildOptions()`, so the size and cold start it measures are those of what ships.
 */
export const LAMBDA_BUNDLE = {
  format: 'esm',
  target: 'node24',
  // ESM entry points first: they tree-shake; the `main` (CommonJS) builds of the SDK do not.
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // CommonJS dependencies inside an ESM bundle still call require().
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
} as const;

/** The `bundling` prop of the proxy's `NodejsFunction`: local esbuild, never Docker. */
export function nodejsBundling(): BundlingOptions {
  return {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: LAMBDA_BUNDLE.target,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    minify: LAMBDA_BUNDLE.minify,
    sourceMap: LAMBDA_BUNDLE.sourceMap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    // Bundle the SDK from package-lock.json (the version the tests ran) instead of the runtime's.
    bundleAwsSDK: true,
    banner: LAMBDA_BUNDLE.banner,
    // `--alias:package=/absolute/file` on the esbuild command line.
    esbuildArgs: { '--alias': Object.entries(LAMBDA_BUNDLE.alias).map(([from, to]) => `${from}=${to}`) },
  };
}

/**
 * The esbuild API options equivalent to the command line the CDK builds from `nodejsBundling()`
 * (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js, `buildEsbuildArgs`): `--bundle --platform=node`,
 * run in the project root, nothing external (`bundleAwsSDK`), output `index.mjs` plus its map.
 */
export function esbuildOptions(opts: { projectRoot: string; entry: string; outdir: string }): BuildOptions {
  return {
    absWorkingDir: opts.projectRoot,
    entryPoints: [opts.entry],
    outfile: path.join(opts.outdir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: LAMBDA_BUNDLE.format,
    target: LAMBDA_BUNDLE.target,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourceMap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    banner: { js: LAMBDA_BUNDLE.banner },
    alias: { ...LAMBDA_BUNDLE.alias },
  };
}
