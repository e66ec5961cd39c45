/**
 * The JSON Schema of obslint's own configuration file, built from rule metadata so that rule ids and their options
 * are validated too. `npm run generate` writes it to `schemas/obslint.config.schema.json` (checked in CI).
 */
import { rulePresets, type AnyRule } from '../rule.js';
import { fileRoles } from '../analysis/modules/file-role.js';

const severity = {
  description: 'off, warn or error (0, 1, 2 also accepted)',
  oneOf: [{ enum: ['off', 'warn', 'error'] }, { enum: [0, 1, 2] }],
};

function ruleSetting(rule: AnyRule): Record<string, unknown> {
  return {
    description: rule.meta.description,
    oneOf: [
      { $ref: '#/$defs/severity' },
      {
        type: 'array',
        prefixItems: [{ $ref: '#/$defs/severity' }, { ...rule.meta.optionsSchema }],
        minItems: 1,
        maxItems: 2,
        items: false,
      },
    ],
  };
}

export function buildConfigSchema(rules: readonly AnyRule[]): Record<string, unknown> {
  const ruleProperties = Object.fromEntries(rules.map((rule) => [rule.meta.id, ruleSetting(rule)]));
  const rulesObject = {
    type: 'object',
    description: 'Rule severities and options, keyed by rule id (an `obslint/` prefix is accepted).',
    properties: ruleProperties,
    patternProperties: { '^obslint/': { $ref: '#/$defs/anySetting' } },
    additionalProperties: false,
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/obslint/obslint/blob/main/schemas/obslint.config.schema.json',
    title: 'obslint configuration',
    type: 'object',
    properties: {
      $schema: { type: 'string', description: 'Editor hint; ignored by obslint.' },
      root: { type: 'boolean', description: 'Stop looking for configuration files in parent directories.' },
      presets: {
        type: 'array',
        description:
          'The presets the rules start from, before `rules` (default ["recommended"]): "recommended" holds the checks whose findings have a production consequence, "stylistic" naming and style conventions, "strict" every rule.',
        items: { enum: [...rulePresets] },
        uniqueItems: true,
      },
      rules: rulesObject,
      ignores: {
        type: 'array',
        description: 'Glob patterns (relative to this file) of files and directories not to lint.',
        items: { type: 'string', minLength: 1 },
      },
      overrides: {
        type: 'array',
        description: 'Rule settings that apply only to the files matching `files`.',
        items: {
          type: 'object',
          properties: {
            files: {
              description: 'Glob pattern(s) relative to this file.',
              oneOf: [
                { type: 'string', minLength: 1 },
                { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
              ],
            },
            rules: rulesObject,
          },
          required: ['files'],
          additionalProperties: false,
        },
      },
      roles: {
        type: 'object',
        description:
          "Glob patterns (relative to this file) that decide a file's role, over obslint's own detection from paths, imports and package.json.",
        properties: Object.fromEntries(
          fileRoles.map((role) => [
            role,
            { type: 'array', items: { type: 'string', minLength: 1 }, description: `Files that are ${role} code.` },
          ]),
        ),
        additionalProperties: false,
      },
      lintRoles: {
        type: 'array',
        description:
          'Roles whose files every enabled rule also reports on (by default code rules report on service code only), e.g. ["test"].',
        items: { enum: [...fileRoles] },
        uniqueItems: true,
      },
      settings: {
        type: 'object',
        description: 'Project facts shared by rules.',
        properties: {
          maxFileSize: {
            type: 'integer',
            minimum: 1,
            description: 'Files larger than this many bytes are skipped with a note (default 1 MiB).',
          },
        },
        additionalProperties: true,
      },
    },
    additionalProperties: false,
    $defs: {
      severity,
      anySetting: {
        oneOf: [
          { $ref: '#/$defs/severity' },
          {
            type: 'array',
            minItems: 1,
            maxItems: 2,
            prefixItems: [{ $ref: '#/$defs/severity' }, { type: 'object' }],
            items: false,
          },
        ],
      },
    },
  };
}
