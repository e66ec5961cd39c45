#!/usr/bin/env node
// Scaffolds a rule: `npm run new-rule -- <id> [--kind code|config] [--family spans|context|metrics|logs|config]`.
// Writes rules/<id>.ts (metadata, a `messages` table and a placeholder check), docs/rules/<id>.md (header markers and
// ❌/✅ examples the docs tests lint) and fixtures/<id>/ (a true positive and a trap), then runs the generator so that
// rules/index.ts, the docs header, the README rules table and the config schema include the rule.
//
// The placeholder check is real but trivial: code rules report calls to a function named `TODO_replace_me`, config
// rules report alerts named `TODO_replace_me`. Everything marked TODO is meant to be replaced.
//
// Exit codes: 0 done, 1 the generator failed, 2 bad usage (malformed or existing id, unknown kind or family).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const kinds = ['code', 'config'];
const codeFamilies = ['spans', 'context', 'metrics', 'logs'];
const families = [...codeFamilies, 'config'];
const placeholder = 'TODO_replace_me';
const usage = 'usage: npm run new-rule -- <id> [--kind code|config] [--family spans|context|metrics|logs|config]';

function fail(message) {
  console.error(`new-rule: ${message}\n${usage}`);
  process.exit(2);
}

function parseArguments(argv) {
  const positional = [];
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    }
    const flag = /^--(kind|family)(?:=(.*))?$/.exec(arg);
    if (flag) {
      const value = flag[2] ?? argv[++i];
      if (value === undefined || value.startsWith('--')) fail(`--${flag[1]} needs a value`);
      flags[flag[1]] = value;
    } else if (arg.startsWith('-')) {
      fail(`unknown option '${arg}'`);
    } else {
      positional.push(arg);
    }
  }
  // Without `--`, npm keeps the flags for itself: `npm run new-rule x --kind=config` reaches us as npm_config_kind,
  // while `--kind config` leaves npm_config_kind=true and hands `config` on as an argument.
  for (const name of ['kind', 'family']) {
    const fromNpm = process.env[`npm_config_${name}`];
    if (fromNpm === 'true')
      fail(
        `npm kept --${name} for itself: write \`npm run new-rule -- <id> --${name} <value>\` (or --${name}=<value>)`,
      );
    if (fromNpm) flags[name] ??= fromNpm;
  }
  if (positional.length !== 1)
    fail(positional.length === 0 ? 'a rule id is required' : `one rule id expected, got ${positional.join(' ')}`);
  return { id: positional[0], ...flags };
}

const { id, kind: kindFlag, family: familyFlag } = parseArguments(process.argv.slice(2));

if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(id) || id.length > 60) {
  fail(`'${id}' is not a valid rule id: use lowercase words separated by single hyphens, like require-span-end`);
}
if (id === 'index') fail("'index' is reserved: rules/index.ts is the generated registry");
if (kindFlag !== undefined && !kinds.includes(kindFlag))
  fail(`unknown kind '${kindFlag}' (expected ${kinds.join(' or ')})`);
if (familyFlag !== undefined && !families.includes(familyFlag))
  fail(`unknown family '${familyFlag}' (expected one of ${families.join(', ')})`);
const kind = kindFlag ?? (familyFlag === 'config' ? 'config' : 'code');
const family = familyFlag ?? (kind === 'config' ? 'config' : 'spans');
if (kind === 'config' && family !== 'config') fail(`config rules belong to the config family, not '${family}'`);
if (kind === 'code' && family === 'config')
  fail(`the config family is for config rules: use --kind config, or a code family (${codeFamilies.join(', ')})`);

const paths = { rule: `rules/${id}.ts`, docs: `docs/rules/${id}.md`, fixtures: `fixtures/${id}` };
const taken = Object.values(paths).filter((path) => existsSync(join(root, path)));
if (taken.length > 0) fail(`rule '${id}' already exists (${taken.join(', ')})`);

// ---------------------------------------------------------------------------------------------------------------
// The rule file.

const todoBanner = [
  `// TODO(${id}): a scaffold. Its check is a placeholder that reports ${kind === 'code' ? `calls to \`${placeholder}()\`` : `alerts named \`${placeholder}\``}:`,
  '// replace the detector, the messages and the metadata below, the fixtures in fixtures/' +
    id +
    '/ and the examples in',
  `// docs/rules/${id}.md with the real rule (CONTRIBUTING.md, "Adding a rule"), then run \`npm run generate\`.`,
];

const meta = [
  '  meta: {',
  `    id: '${id}',`,
  `    family: '${family}',`,
  `    description: 'TODO: one sentence saying what the rule requires (obslint rules, the README table, SARIF).',`,
  `    rationale: 'TODO: what goes wrong in production when the rule is broken (obslint explain, SARIF fullDescription).',`,
  `    defaultSeverity: 'warn',`,
  `    preset: 'strict',`,
  `    types: 'none',`,
  `    ...noOptions,`,
  '  },',
];

const codeRule = [
  "import { ts } from '../src/compiler.js';",
  "import { defineCodeRule, noOptions } from '../src/rule.js';",
  '',
  ...todoBanner,
  '',
  '/** Every text the rule reports, in one place. */',
  'const messages = {',
  `  placeholder: '\`${placeholder}()\` is a placeholder call of the scaffold: TODO say what is wrong here and what it costs in production.',`,
  `  help: 'TODO: say how to fix it.',`,
  '} as const;',
  '',
  'export default defineCodeRule({',
  ...meta,
  '  typescript(context) {',
  '    return {',
  '      nodes: {',
  '        [ts.SyntaxKind.CallExpression](node) {',
  '          const call = node as ts.CallExpression;',
  `          if (!ts.isIdentifier(call.expression) || call.expression.text !== '${placeholder}') return;`,
  '          context.report({ node: call, message: messages.placeholder, help: messages.help });',
  '        },',
  '      },',
  '    };',
  '  },',
  '});',
  '',
];

const configRule = [
  "import { defineConfigRule, noOptions } from '../src/rule.js';",
  "import { prometheusRules } from '../src/config-files/prometheus-rules.js';",
  "import { locate } from '../src/config-files/yaml-nodes.js';",
  '',
  ...todoBanner,
  '',
  '/** Every text the rule reports, in one place. */',
  'const messages = {',
  `  placeholder: 'The alert \`${placeholder}\` is a placeholder of the scaffold: TODO say what is wrong here and what it costs in production.',`,
  `  help: 'TODO: say how to fix it.',`,
  '} as const;',
  '',
  'export default defineConfigRule({',
  ...meta,
  '  check({ project, report }) {',
  '    for (const rule of prometheusRules(project)) {',
  `      if (rule.type !== 'alert' || rule.name !== '${placeholder}') continue;`,
  "      report({ file: rule.object.file.path, range: locate(rule.object, [...rule.path, 'alert']), message: messages.placeholder, help: messages.help });",
  '    }',
  '  },',
  '});',
  '',
];

// ---------------------------------------------------------------------------------------------------------------
// The docs page: the same sections as the other pages of its kind (code pages put blank lines around their blocks).

const gap = kind === 'code' ? [''] : [];
const block = (language, lines) => ['```' + language, ...lines, '```'];
const examples =
  kind === 'code'
    ? {
        incorrect: block('ts', [
          `declare function ${placeholder}(): void;`,
          '',
          `${placeholder}(); // TODO: a real mistake (the placeholder check reports this call)`,
        ]),
        correct: block('ts', ['declare function replaceMe(): void;', '', 'replaceMe(); // TODO: the fixed code']),
      }
    : {
        incorrect: block('yaml', [
          'groups:',
          '  - name: example',
          '    rules:',
          `      - alert: ${placeholder}   # TODO: a real mistake (the placeholder check reports this alert)`,
          '        expr: up == 0',
        ]),
        correct: block('yaml', [
          'groups:',
          '  - name: example',
          '    rules:',
          '      - alert: InstanceDown     # TODO: the fixed configuration',
          '        expr: up == 0',
        ]),
      };

const docsPage = [
  `# ${id}`,
  '',
  '<!-- begin generated header: do not edit, run `npm run generate` -->',
  '<!-- end generated header -->',
  '',
  '## Why',
  'TODO: what goes wrong in production when this rule is broken, and how obslint recognises it.',
  '',
  '## Examples',
  ...gap,
  '### ❌ Incorrect',
  ...gap,
  ...examples.incorrect,
  ...gap,
  '### ✅ Correct',
  ...gap,
  ...examples.correct,
  '',
  '## When not to use it',
  'TODO: when the rule does not apply (or "Never.").',
  '',
];

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: one true positive, one trap, annotated inline (CONTRIBUTING.md, "Fixture annotations").

function yamlAnnotation(line, text) {
  const column = line.indexOf(text) + 1;
  return `#${' '.repeat(column - 2)}^ ${id}`;
}

const alertLine = `      - alert: ${placeholder}`;
const fixtures =
  kind === 'code'
    ? {
        'placeholder.ts': [
          `// True positive of the scaffold's placeholder check: replace with the cases ${id} must report.`,
          `declare function ${placeholder}(): void;`,
          '',
          `${placeholder}();`,
          `//<- ${id}`,
          '',
        ],
        'traps.ts': [
          `// Traps: code ${id} must stay silent on. Replace with the near misses of the real rule.`,
          'declare function replaceMe(): void;',
          `const helpers = { ${placeholder}() {} };`,
          '',
          'replaceMe();',
          `helpers.${placeholder}(); // a method of that name is not the placeholder`,
          '',
        ],
      }
    : {
        'placeholder.yaml': [
          `# True positive of the scaffold's placeholder check: replace with the cases ${id} must report.`,
          'groups:',
          '  - name: placeholder',
          '    rules:',
          alertLine,
          yamlAnnotation(alertLine, placeholder),
          '        expr: up == 0',
          '',
        ],
        'traps.yaml': [
          `# Traps: configuration ${id} must stay silent on. Replace with the near misses of the real rule.`,
          'groups:',
          '  - name: traps',
          '    rules:',
          '      - alert: InstanceDown',
          '        expr: up == 0',
          `      - record: ${placeholder}   # a recording rule, not an alert`,
          '        expr: sum by (job) (up)',
          '',
        ],
      };

// ---------------------------------------------------------------------------------------------------------------

function write(path, lines) {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, lines.join('\n'), { flag: 'wx' });
  console.log(`  created ${path}`);
}

console.log(`new-rule: scaffolding the ${kind} rule '${id}' (family ${family})`);
write(paths.rule, kind === 'code' ? codeRule : configRule);
write(paths.docs, docsPage);
for (const [name, lines] of Object.entries(fixtures)) write(`${paths.fixtures}/${name}`, lines);

// The scaffold is written in the project's style (CI checks formatting): Prettier formats the new rule file.
const prettier = join(root, 'node_modules/prettier/bin/prettier.cjs');
if (existsSync(prettier))
  execFileSync(process.execPath, [prettier, '--write', '--log-level', 'warn', paths.rule], {
    cwd: root,
    stdio: 'inherit',
  });

try {
  execFileSync(process.execPath, [join(root, 'scripts/generate.js')], { cwd: root, stdio: 'inherit' });
} catch {
  console.error(
    'new-rule: the files were written, but `npm run generate` failed (see above); fix the problem and run it again.',
  );
  process.exit(1);
}

console.log(`
Next steps:
  1. Replace the placeholder check and the TODOs in ${paths.rule} (shared questions belong in src/analysis/).
  2. Replace the fixtures in ${paths.fixtures}/ with real true positives and traps.
  3. Write ${paths.docs}: why, ❌/✅ examples (they are linted by test/docs-examples.test.ts).
  4. npm run generate, then npx vitest run test/fixtures.test.ts test/docs.test.ts test/docs-examples.test.ts`);
