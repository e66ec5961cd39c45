/**
 * `obslint/eslint`: obslint's code rules as an ESLint 10 plugin.
 *
 * ```js
 * // eslint.config.js
 * import obslint from 'obslint/eslint';
 * export default [obslint.configs.recommended];
 * ```
 */
import { createPlugin } from './create-plugin.js';

export type { ObslintPlugin } from './create-plugin.js';

const plugin = createPlugin();

export const { meta, rules, configs } = plugin;
export default plugin;
