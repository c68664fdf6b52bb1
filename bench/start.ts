/**
 * `npm run bench`: builds bench/run.ts for plain `node` and runs it there with the same
 * arguments. The benchmark imports the production bundle into its own process (the in-process
 * contenders), and under tsx every dynamic `import()` goes through tsx's module hooks: on Node 20,
 * 285 µs for a module already loaded, where plain Node, as Lambda runs the bundle, takes 14 µs.
 * The bundle's chunks are read with `import()`, so the benchmark must not run under those hooks.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { LAMBDA_BUNDLE } from '../lib/bundling';
import { BUILD_DIR, ROOT } from './build';

// Beside the harnesses that bench/build.ts bundles.
const outfile = path.join(BUILD_DIR, 'harness', 'run.mjs');
await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['bench/run.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: LAMBDA_BUNDLE.target,
  // Packages load from node_modules, as under tsx; only our TypeScript is compiled.
  packages: 'external',
  // The modules find the repository from their own folder (bench/build.ts, lib/bundling.ts, both
  // one level down), not from the built file's.
  define: {
    'import.meta.dirname': JSON.stringify(path.join(ROOT, 'bench')),
    'import.meta.url': JSON.stringify(pathToFileURL(path.join(ROOT, 'bench', 'run.ts')).href),
  },
  logLevel: 'error',
});
const child = spawn(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
