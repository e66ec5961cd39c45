/** The mapped text of the scalar at a path of an object (for reporting inside annotation templates, names…). */
import { isScalar } from 'yaml';
import type { MappedText } from './mapped-text.js';
import type { ConfigObject, YamlPath } from './model.js';
import { mapScalar } from './scalar-source.js';
import { nodeAt } from './yaml-nodes.js';

export function scalarAt(object: ConfigObject, path: YamlPath): MappedText | undefined {
  const node = nodeAt(object, path);
  return isScalar(node) ? mapScalar(object.file.text, node) : undefined;
}
