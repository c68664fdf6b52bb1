import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { esbuildOptions, LAMBDA_BUNDLE } from '../lib/bundling';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BUILD_DIR = path.join(ROOT, 'bench', 'results', 'build');

export interface BundleReport {
  readonly name: string;
  readonly file: string;
  readonly rawBytes: number;
  readonly gzipBytes: number;
  /** Minified bytes per package (or per project folder), largest first. */
  readonly top: readonly { readonly name: string; readonly bytes: number }[];
  readonly includesLogger: boolean;
}

export type Variant = 'production' | 'with-logger' | 'no-alias' | 'sdk-floor';

/** Builds one variant with exactly the CDK's options (lib/bundling.ts), plus a metafile. */
export async function buildBundle(variant: Variant): Promise<BundleReport> {
  const outdir = path.join(BUILD_DIR, variant);
  mkdirSync(outdir, { recursive: true });
  const entry =
    variant === 'sdk-floor'
      ? 'bench/entries/sdk-floor.ts'
      : variant === 'production' || variant === 'no-alias'
        ? 'lambda/handler.ts'
        : 'bench/entries/with-logger.ts';
  const options = esbuildOptions({ projectRoot: ROOT, entry, outdir });
  const result = await esbuild.build({
    ...options,
    ...(variant === 'no-alias' && { alias: {} }),
    metafile: true,
    logLevel: 'error',
  });
  const file = options.outfile ?? '';
  const code = readFileSync(file);
  writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  const output = Object.entries(result.metafile.outputs).find(([name]) => name.endsWith('index.mjs'))?.[1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
  }
  const top = [...byPackage].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => ({ name, bytes }));
  return {
    name: variant,
    file,
    rawBytes: code.length,
    gzipBytes: gzipSync(code).length,
    top,
    includesLogger: byPackage.has('@aws-lambda-powertools/logger'),
  };
}

/** The worker, cold-start and HTTP-hop harnesses, bundled so they run on plain `node` without tsx. */
export async function buildHarnesses(): Promise<{ worker: string; coldChild: string; hop: string }> {
  const outdir = path.join(BUILD_DIR, 'harness');
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { worker: 'bench/worker.ts', 'cold-child': 'bench/cold-child.ts', hop: 'bench/hop-server.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_BUNDLE.target,
    banner: { js: LAMBDA_BUNDLE.banner },
    logLevel: 'error',
  });
  return {
    worker: path.join(outdir, 'worker.mjs'),
    coldChild: path.join(outdir, 'cold-child.mjs'),
    hop: path.join(outdir, 'hop.mjs'),
  };
}
