import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { coldStartFiles, ENTRY_FILE, esbuildOptions, LAMBDA_BUNDLE } from '../lib/bundling';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BUILD_DIR = path.join(ROOT, 'bench', 'results', 'build');

export interface BundleReport {
  readonly name: string;
  /** index.mjs, the file the handler is imported from. */
  readonly file: string;
  /** Minified bytes of index.mjs and the chunks it imports statically: what a cold start reads. */
  readonly rawBytes: number;
  readonly gzipBytes: number;
  /** Minified bytes of every .mjs file, the chunks read on first use included. */
  readonly allBytes: number;
  /** Minified bytes per package (or per project folder) in what a cold start reads, largest first. */
  readonly top: readonly { readonly name: string; readonly bytes: number }[];
  readonly includesLogger: boolean;
}

export type Variant = 'production' | 'with-logger' | 'no-alias' | 'sdk-floor';

const sum = (sizes: readonly number[]) => sizes.reduce((total, size) => total + size, 0);

/** Builds one variant with exactly the stack's options (lib/bundling.ts), plus a metafile. */
export async function buildBundle(variant: Variant): Promise<BundleReport> {
  const outdir = path.join(BUILD_DIR, variant);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const entry =
    variant === 'sdk-floor'
      ? 'bench/entries/sdk-floor.ts'
      : variant === 'production' || variant === 'no-alias'
        ? 'lambda/handler.ts'
        : 'bench/entries/with-logger.ts';
  const { metafile } = await esbuild.build({
    ...esbuildOptions({ projectRoot: ROOT, entry, outdir }),
    ...(variant === 'no-alias' && { alias: {} }),
    metafile: true,
    logLevel: 'error',
  });
  writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(metafile));
  const scripts = Object.keys(metafile.outputs).filter((file) => file.endsWith('.mjs'));
  const cold = coldStartFiles(metafile);
  const bytes = (files: readonly string[]) => sum(files.map((file) => metafile.outputs[file]?.bytes ?? 0));
  const byPackage = new Map<string, number>();
  for (const file of cold) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]?.inputs ?? {})) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  const top = [...byPackage].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => ({ name, bytes }));
  return {
    name: variant,
    file: path.join(outdir, ENTRY_FILE),
    rawBytes: bytes(cold),
    gzipBytes: sum(cold.map((file) => gzipSync(readFileSync(path.join(ROOT, file))).length)),
    allBytes: bytes(scripts),
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
