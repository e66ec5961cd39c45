#!/usr/bin/env node
/**
 * Bundles the GitHub Action and the obslint CLI into self-contained files (no node_modules needed), checked in under
 * action/bundle/: `index.js` (the action, `runs.main` in action.yml) and `obslint.js` (the CLI, also the pre-commit
 * hooks' entry). Usage: `npm run build:action`, or `node action/build.mjs <outdir>` (the test that checks the
 * committed bundle is current builds into a temporary directory and compares).
 *
 * Both files sit two directories below the package root, like dist/src/*.js, so that their package.json and
 * schemas/ lookups resolve the same way.
 */
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = resolve(process.argv[2] ?? resolve(root, 'action/bundle'));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir,
  logLevel: 'warning',
  legalComments: 'eof',
  // Bundled CommonJS dependencies (TypeScript among them) use require(), __filename and __dirname.
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __obslintCreateRequire } from 'node:module';",
      "import { fileURLToPath as __obslintFileURLToPath } from 'node:url';",
      "import { dirname as __obslintDirname } from 'node:path';",
      'const require = __obslintCreateRequire(import.meta.url);',
      'const __filename = __obslintFileURLToPath(import.meta.url);',
      'const __dirname = __obslintDirname(__filename);',
    ].join('\n'),
  },
};

await build({ ...common, entryPoints: { index: 'src/action/main.ts' } });
await build({ ...common, entryPoints: { obslint: 'src/action/cli.ts' }, minify: true });
// The pre-commit hooks (`language: script`) execute it directly.
chmodSync(resolve(outdir, 'obslint.js'), 0o755);
