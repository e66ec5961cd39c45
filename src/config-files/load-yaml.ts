/**
 * Reading one YAML file with source positions, defensively: size limit, binary data, alias bombs, duplicate keys,
 * tabs and BOMs all become findings (or silence, for files that are not ours), never exceptions.
 */
import { parseAllDocuments, type Document, type YAMLError } from 'yaml';
import type { ConfigReport } from '../rule.js';
import { detectKind, looksLikeConfigKind } from './detect-kind.js';
import type { ConfigKind, YamlPath } from './model.js';

/** Rule files beyond this size are almost certainly generated dumps; parsing them would stall the whole run. */
export const maxConfigFileChars = 4 * 1024 * 1024;
/** Real rule files use a handful of aliases; billions-of-laughs style files use thousands. */
export const maxAliasExpansions = 100;

export type LoadProblem = ConfigReport & { ruleId: string | null };

export interface LoadedObject {
  kind: ConfigKind;
  documentIndex: number;
  basePath: YamlPath;
  value: Record<string, unknown>;
}

export interface LoadedFile {
  path: string;
  text: string;
  documents: Document.Parsed[];
  objects: LoadedObject[];
  problems: LoadProblem[];
  /** True when the file is (or plainly claims to be) one of our kinds. */
  recognised: boolean;
}

export function loadYamlFile(path: string, text: string): LoadedFile {
  const empty: LoadedFile = { path, text, documents: [], objects: [], problems: [], recognised: false };
  if (text.length > maxConfigFileChars) {
    if (!looksLikeConfigKind(text.slice(0, 64 * 1024))) return empty;
    return {
      ...empty,
      recognised: true,
      problems: [
        fatal(
          path,
          `This file is ${Math.round(text.length / 1024 / 1024)} MB, over obslint's ${maxConfigFileChars / 1024 / 1024} MB limit for rule and SLO files, so it was not checked.`,
          'Split the file, or exclude it if it is generated.',
        ),
      ],
    };
  }
  if (/[\u0000-\u0008\u000e-\u001a]/.test(text.slice(0, 8192))) {
    // Control characters are not allowed in YAML: this is a binary file that happens to end in .yaml.
    if (!looksLikeConfigKind(text.slice(0, 8192))) return empty;
    return {
      ...empty,
      recognised: true,
      problems: [
        fatal(
          path,
          'This file contains binary data (control characters), so no YAML loader can read it.',
          'Restore the file as UTF-8 text.',
        ),
      ],
    };
  }

  let documents: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, {
      keepSourceTokens: true,
      uniqueKeys: true,
      prettyErrors: false,
      logLevel: 'silent',
    });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    if (!looksLikeConfigKind(text)) return empty;
    return {
      ...empty,
      recognised: true,
      problems: [
        fatal(path, `The YAML parser gave up on this file: ${(error as Error).message}`, 'Fix the YAML syntax.'),
      ],
    };
  }

  const objects: LoadedObject[] = [];
  const problems: LoadProblem[] = [];
  documents.forEach((document, documentIndex) => {
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: maxAliasExpansions });
    } catch (error) {
      problems.push(aliasProblem(path, document, error));
      return;
    }
    const found: LoadedObject[] = [];
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const kind = detectKind(item);
        if (kind) found.push({ kind, documentIndex, basePath: [index], value: item as Record<string, unknown> });
      });
    } else {
      const kind = detectKind(value);
      if (kind) found.push({ kind, documentIndex, basePath: [], value: value as Record<string, unknown> });
    }
    if (document.errors.length > 0) {
      problems.push(...document.errors.map((error) => syntaxProblem(path, text, error)));
      // A document with syntax errors has a guessed structure: checking it would only add confusing findings.
      return;
    }
    objects.push(...found);
  });

  const recognised = objects.length > 0 || looksLikeConfigKind(text);
  if (!recognised) return empty;
  return { path, text, documents, objects, problems, recognised };
}

function fatal(file: string, message: string, help: string): LoadProblem {
  return { ruleId: null, file, range: { start: 0, end: 0 }, message, help };
}

function aliasProblem(file: string, document: Document.Parsed, error: unknown): LoadProblem {
  const start = document.range?.[0] ?? 0;
  const isBomb = error instanceof ReferenceError || /alias/i.test(String((error as Error)?.message));
  return {
    ruleId: 'config-schema',
    file,
    range: { start, end: start },
    message: isBomb
      ? `This YAML document expands aliases more than ${maxAliasExpansions} times (an "alias bomb" pattern), so it was not checked; loaders that expand it can run out of memory.`
      : `This YAML document could not be read: ${(error as Error)?.message ?? String(error)}`,
    help: isBomb ? 'Replace the nested aliases with plain values.' : 'Fix the YAML syntax.',
  };
}

function syntaxProblem(file: string, text: string, error: YAMLError): LoadProblem {
  const [start, end] = error.pos;
  const base = { ruleId: 'config-schema', file, range: { start, end: Math.max(start, end) } };
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const key = text.slice(start, end).trim() || 'this key';
      return {
        ...base,
        message: `\`${key}\` appears twice in the same map. Loaders keep only one of the values (Prometheus and Sloth keep the last), so the other is silently ignored.`,
        help: 'Remove or rename one of the two keys.',
      };
    }
    case 'TAB_AS_INDENT':
      return {
        ...base,
        message:
          'A tab is used for indentation. YAML allows only spaces there, so Prometheus and the SLO tools refuse to load this file.',
        help: 'Indent with spaces.',
      };
    default:
      return {
        ...base,
        message: `This is not valid YAML (${error.message.split('\n')[0]}), so the file cannot be loaded.`,
        help: 'Fix the YAML syntax at this position.',
      };
  }
}
