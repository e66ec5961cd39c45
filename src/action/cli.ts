/** The obslint command line, bundled next to the action (`action/bundle/obslint.js`) and used by the pre-commit hooks. */
import { main } from '../cli/main.js';

const exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
});
process.exitCode = exitCode;
