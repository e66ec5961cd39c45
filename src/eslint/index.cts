/**
 * `require('obslint/eslint')` for CommonJS configurations (`eslint.config.cjs`): the same plugin object as the ESM
 * entry (Node loads the ES module synchronously), exported as `module.exports`.
 */
import eslintEntry = require('./index.js');

export = eslintEntry.default;
