import { it } from 'vitest';
import { configRules, filesUnder, readInputs, runRules } from './config-harness.js';
it('print', () => {
  const [dir, ids] = [process.env.DIR!, process.env.RULES!.split(',')];
  const inputs = readInputs(filesUnder(dir).filter((p) => /\.ya?ml$/.test(p)));
  const { findings, loadProblems } = runRules(ids.map((id) => ({ id, rule: configRules[id]! })), inputs);
  for (const f of findings) console.log(`${f.file.slice(dir.length + 1)}:${f.line}:${f.column} ${f.ruleId}: ${f.message}\n    help: ${f.help}`);
  for (const f of loadProblems) console.log('LOAD', f.file, f.line, f.message);
});
