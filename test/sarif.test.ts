/**
 * SARIF output of a real run, validated against the official SARIF 2.1.0 JSON Schema, plus the fields GitHub code
 * scanning relies on: rule descriptors, repository-relative URIs, exclusive end columns, fingerprints, related
 * locations, and notifications for files that could not be analysed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { main } from '../src/cli/main.js';
import { allRules } from '../rules/index.js';
import { testDataDir } from './helpers/paths.js';
import {
  commitAll,
  leakyFunction,
  onlyRulesConfig,
  tempGitRepo,
  tracerPreamble,
  write,
  removeTempDirs,
} from './helpers/git-project.js';

afterAll(removeTempDirs);

const schema = JSON.parse(readFileSync(join(testDataDir, 'sarif-2.1.0.schema.json'), 'utf8')) as object;
const allIds = allRules.map((rule) => rule.meta.id);

async function run(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    stdoutIsTty: false,
    stderrIsTty: false,
  });
  return { code, stdout, stderr };
}

describe('sarif format', () => {
  let repo: string;
  let log: any;

  beforeAll(async () => {
    repo = tempGitRepo();
    write(repo, 'obslint.config.json', onlyRulesConfig(allIds, { 'require-span-end': 'error' }));
    // A service in a sub-directory with a space in its name: URIs must stay relative to the repository root.
    write(
      repo,
      'services/my api/src/orders.ts',
      `${tracerPreamble}${leakyFunction('load')}
export async function checkout(items: string[]) {
  const span = tracer.startSpan('checkout');
  if (items.length === 0) {
    return null;
  }
  span.end();
  return items;
}
`,
    );
    write(repo, 'services/my api/src/broken.ts', 'export const x = (;\n');
    commitAll(repo, 'service');
    const result = await run(join(repo, 'services/my api'), ['-f', 'sarif:out/results.sarif', '-f', 'stylish']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('require-span-end');
    log = JSON.parse(readFileSync(join(repo, 'services/my api/out/results.sarif'), 'utf8'));
  });

  it('is valid against the SARIF 2.1.0 JSON Schema', () => {
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema really constrains: a region starting at line 0 is rejected.
    const broken = structuredClone(log);
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
  });

  it('has the log and tool fields GitHub requires', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({
      name: 'obslint',
      semanticVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      informationUri: expect.stringMatching(/^https:\/\//),
    });
    expect(driver.rules.map((rule: any) => rule.id)).toEqual([...allIds].sort());
    for (const rule of driver.rules) {
      expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.shortDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.help.text).toContain(rule.helpUri);
      expect(rule.help.markdown).toContain(`](${rule.helpUri})`);
      expect(rule.helpUri).toBe(`https://github.com/obslint/obslint/blob/main/docs/rules/${rule.id}.md`);
      expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
      expect(rule.properties.tags).toContain('observability');
    }
    const spanRule = driver.rules.find((rule: any) => rule.id === 'require-span-end');
    expect(spanRule).toMatchObject({
      name: 'RequireSpanEnd',
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['observability', 'opentelemetry', 'tracing'] },
    });
  });

  it('reports each finding with its rule, a repository-relative URI, a 1-based region with an exclusive end column and a fingerprint', () => {
    const { results, tool } = log.runs[0];
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result.ruleId).toBe('require-span-end');
      expect(tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.level).toBe('error');
      expect(result.locations[0].physicalLocation.artifactLocation).toEqual({
        uri: 'services/my%20api/src/orders.ts',
        uriBaseId: '%SRCROOT%',
      });
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}$/);
    }
    const source = readFileSync(join(repo, 'services/my api/src/orders.ts'), 'utf8').split('\n');
    const leak = results.find((result: any) => result.message.text.includes("'load'"));
    const region = leak.locations[0].physicalLocation.region;
    // The region covers `tracer.startSpan('load')` exactly: endColumn is the column after its last character.
    expect(source[region.startLine - 1]!.slice(region.startColumn - 1, region.endColumn - 1)).toBe(
      "tracer.startSpan('load')",
    );
    expect(region.endLine).toBe(region.startLine);
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
  });

  it('names the leaking exit as a related location', () => {
    const early = log.runs[0].results.find((result: any) => result.message.text.includes("'checkout'"));
    expect(early.relatedLocations.length).toBeGreaterThan(0);
    const related = early.relatedLocations[0];
    expect(related.id).toBe(1);
    expect(related.message.text.length).toBeGreaterThan(0);
    const source = readFileSync(join(repo, 'services/my api/src/orders.ts'), 'utf8').split('\n');
    expect(source[related.physicalLocation.region.startLine - 1]).toContain('return null;');
  });

  it('reports a file that does not parse as a tool notification, not as a result', () => {
    const invocation = log.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
    expect(invocation.toolExecutionNotifications[0]).toMatchObject({
      level: 'error',
      message: { text: expect.stringContaining('Parsing error') },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'services/my%20api/src/broken.ts' } } }],
    });
  });
});
