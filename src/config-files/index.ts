/** The config checker's entry points for the engine (see the contract in the issue). */
import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { ConfigReport } from '../rule.js';
import { loadYamlFile } from './load-yaml.js';
import type { ConfigFile, ConfigObject, ConfigProject } from './model.js';

export type { ConfigFile, ConfigKind, ConfigObject, ConfigProject, TextRange, YamlPath } from './model.js';
export { configKinds } from './model.js';
export { directiveComments, type DirectiveComment } from './comments.js';
export { forEachPromQLExpression, promqlExpressions, type PromQLExpression } from './expressions.js';
export { prometheusRules, type PrometheusRule } from './prometheus-rules.js';

export function isConfigCandidatePath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

export function loadConfigProject(inputs: { path: string; text: string }[]): {
  project: ConfigProject;
  problems: Array<ConfigReport & { ruleId: string | null }>;
} {
  const files: ConfigFile[] = [];
  const problems: Array<ConfigReport & { ruleId: string | null }> = [];
  for (const input of inputs) {
    if (!isConfigCandidatePath(input.path)) continue;
    let loaded;
    try {
      loaded = loadYamlFile(input.path, input.text);
    } catch (error) {
      // The loader is defensive, but a crash on one file must never stop the run.
      problems.push({
        ruleId: null,
        file: input.path,
        range: { start: 0, end: 0 },
        message: `obslint could not read this file: ${(error as Error).message}`,
        help: 'Please report this as an obslint bug, with the file if possible.',
      });
      continue;
    }
    problems.push(...loaded.problems);
    if (loaded.objects.length === 0) continue;
    const file: ConfigFile = {
      path: input.path,
      text: input.text,
      kind: loaded.objects[0]!.kind,
      documents: loaded.documents,
      objects: [],
    };
    for (const object of loaded.objects) {
      const document = loaded.documents[object.documentIndex]!;
      const root = document.contents as YamlNode | null;
      const node =
        object.basePath.length === 0
          ? root
          : isSeq(root)
            ? (root.items[object.basePath[0] as number] as YamlNode)
            : undefined;
      if (!node || (!isMap(node) && object.basePath.length > 0)) continue;
      const configObject: ConfigObject = { ...object, file, node };
      file.objects.push(configObject);
    }
    if (file.objects.length > 0) files.push(file);
  }
  return { project: { files }, problems };
}
