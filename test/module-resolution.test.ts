/**
 * Module resolution like the project's own (src/analysis/modules/module-resolution.ts): tsconfig aliases with
 * `extends`, package `exports`/`imports`, workspace packages mapped to their source, and the workspace-aware
 * `usesPackage` gate — on small repositories written to a temporary directory.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectFacts } from '../src/analysis/modules/project.js';

function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'obslint-resolution-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

describe('tsconfig paths and baseUrl', () => {
  const root = repository({
    'package.json': json({ name: 'root', private: true, workspaces: ['packages/*', 'apps/*'] }),
    'packages/tsconfig/package.json': json({ name: '@acme/tsconfig' }),
    'packages/tsconfig/base.json': '{ "compilerOptions": { "paths": { "@shared/*": ["../../libs/shared/*"] } } }',
    'libs/shared/format.ts': 'export const format = 1;',
    'apps/web/tsconfig.json': `{
      // JSONC: comments and trailing commas
      "extends": ["@acme/tsconfig/base.json", "./tsconfig.paths.json",],
    }`,
    'apps/web/tsconfig.paths.json':
      '{ "compilerOptions": { "paths": { "~/*": ["./app/*"], "@/config": ["./config/index.ts"] } } }',
    'apps/web/app/services/logger.server.ts': 'export const logger = 1;',
    'apps/web/config/index.ts': 'export const config = 1;',
    'apps/web/app/routes/home.ts': '',
    'apps/admin/tsconfig.json': '{ "extends": "@acme/tsconfig/base.json" }',
    'apps/admin/src/main.ts': '',
    'apps/legacy/tsconfig.json': '{ "compilerOptions": { "baseUrl": "src" } }',
    'apps/legacy/src/utils/log.js': 'module.exports = 1;',
    'apps/legacy/src/main.js': '',
    'apps/broken/tsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["./src/*"] ',
    'apps/broken/src/a.ts': '',
    'apps/broken/src/b.ts': '',
  });
  const facts = new ProjectFacts();
  const from = join(root, 'apps/web/app/routes/home.ts');

  it('resolves a `*` alias from a config the tsconfig extends, relative to that config', () => {
    expect(facts.resolveLocalModule(from, '~/services/logger.server')).toBe(
      join(root, 'apps/web/app/services/logger.server.ts'),
    );
  });

  it('resolves an exact alias; a later config in an `extends` array replaces the earlier paths', () => {
    expect(facts.resolveLocalModule(from, '@/config')).toBe(join(root, 'apps/web/config/index.ts'));
    expect(facts.resolveLocalModule(from, '@shared/format')).toBeUndefined();
  });

  it('inherits paths from a shared config package of the workspace, relative to that config', () => {
    expect(facts.resolveLocalModule(join(root, 'apps/admin/src/main.ts'), '@shared/format')).toBe(
      join(root, 'libs/shared/format.ts'),
    );
  });

  it('resolves bare specifiers against baseUrl', () => {
    expect(facts.resolveLocalModule(join(root, 'apps/legacy/src/main.js'), 'utils/log')).toBe(
      join(root, 'apps/legacy/src/utils/log.js'),
    );
  });

  it('leaves unknown packages and malformed configs unresolved, without throwing', () => {
    expect(facts.resolveLocalModule(from, 'pino')).toBeUndefined();
    expect(facts.resolveLocalModule(join(root, 'apps/broken/src/a.ts'), '~/b')).toBeUndefined();
    expect(facts.isLocalModule(from, 'pino')).toBe(false);
    expect(facts.isLocalModule(from, '~/services/logger.server')).toBe(true);
  });
});

describe('workspace packages, exports and imports', () => {
  const root = repository({
    'package.json': json({ name: 'root', private: true }),
    'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n  - \'apps/**\'\n  - "!apps/**/e2e/**"\n',
    'packages/logging/package.json': json({
      name: '@acme/logging',
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/esm/index.js', require: './dist/cjs/index.js' },
        './transports/*': { import: './dist/transports/*.js' },
        './internal/*': null,
      },
    }),
    'packages/logging/src/index.ts': 'export const logger = 1;',
    'packages/logging/src/transports/file.ts': 'export const file = 1;',
    'packages/logging/src/internal/secret.ts': '',
    'packages/typed-only/package.json': json({ name: '@acme/typed-only', types: './index.d.ts' }),
    'packages/typed-only/index.d.ts': 'export declare const x: number;',
    'packages/plain/package.json': json({ name: 'plain', main: 'lib/index.js' }),
    'packages/plain/lib/index.js': 'module.exports = 1;',
    'apps/api/package.json': json({
      name: '@acme/api',
      imports: { '#internal/*': './src/internal/*.ts', '#dep': 'some-package' },
      dependencies: { '@acme/logging': 'workspace:*' },
    }),
    'apps/api/src/internal/audit.ts': '',
    'apps/api/src/main.ts': '',
    'apps/api/e2e/package.json': json({ name: '@acme/api-e2e' }),
    'apps/api/e2e/index.ts': '',
    'apps/api/node_modules/@acme/vendored/package.json': json({ name: '@acme/vendored', main: 'index.js' }),
    'apps/api/node_modules/@acme/vendored/index.js': '',
  });
  const facts = new ProjectFacts();
  const from = join(root, 'apps/api/src/main.ts');

  it('maps an exports entry that points at dist/ back to the source', () => {
    expect(facts.resolveLocalModule(from, '@acme/logging')).toBe(join(root, 'packages/logging/src/index.ts'));
    expect(facts.resolveLocalModule(from, '@acme/logging/transports/file')).toBe(
      join(root, 'packages/logging/src/transports/file.ts'),
    );
  });

  it('honours subpaths the exports map excludes or does not list', () => {
    expect(facts.resolveLocalModule(from, '@acme/logging/internal/secret')).toBeUndefined();
    expect(facts.resolveLocalModule(from, '@acme/logging/src/index')).toBeUndefined();
  });

  it('resolves the main field, and never to a declaration file or node_modules', () => {
    expect(facts.resolveLocalModule(from, 'plain')).toBe(join(root, 'packages/plain/lib/index.js'));
    expect(facts.resolveLocalModule(from, '@acme/typed-only')).toBeUndefined();
    expect(facts.resolveLocalModule(from, '@acme/vendored')).toBeUndefined();
  });

  it('resolves `#internal/*` through the package imports, but not imports naming another package', () => {
    expect(facts.resolveLocalModule(from, '#internal/audit')).toBe(join(root, 'apps/api/src/internal/audit.ts'));
    expect(facts.resolveLocalModule(from, '#dep')).toBeUndefined();
  });

  it('expands pnpm workspace globs with their negations', () => {
    expect(facts.resolveLocalModule(from, '@acme/api-e2e')).toBeUndefined();
  });
});

describe('usesPackage: dependencies seen through workspace packages', () => {
  const root = repository({
    'package.json': json({ name: 'root', private: true, workspaces: { packages: ['packages/*'] } }),
    'packages/tracing/package.json': json({ name: '@acme/tracing', dependencies: { '@opentelemetry/api': '1' } }),
    'packages/wrapper/package.json': json({ name: '@acme/wrapper', dependencies: { '@acme/tracing': '*' } }),
    'packages/testing/package.json': json({ name: '@acme/testing', devDependencies: { '@opentelemetry/api': '1' } }),
    'packages/service/package.json': json({ name: 'service', dependencies: { '@acme/wrapper': '*' } }),
    'packages/other/package.json': json({ name: 'other', devDependencies: { '@acme/testing': '*' } }),
  });
  const facts = new ProjectFacts();

  it('counts runtime dependencies of workspace packages, a few levels deep', () => {
    const file = join(root, 'packages/service/src/index.ts');
    expect(facts.dependsOn(file, '@opentelemetry/api')).toBe(false);
    expect(facts.usesPackage(file, '@opentelemetry/api')).toBe(true);
    expect(facts.usesPackage(file, /^@opentelemetry\//)).toBe(true);
  });

  it('does not count what a workspace package needs only for its own tests', () => {
    expect(facts.usesPackage(join(root, 'packages/other/src/index.ts'), '@opentelemetry/api')).toBe(false);
  });
});
