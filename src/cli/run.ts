/** Runs the CLI in this process: the entry of `bin/obslint.js` and of the bundled copy used by the Action and hooks. */
import { main } from './main.js';

const exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTty: process.stdout.isTTY === true,
  stderrIsTty: process.stderr.isTTY === true,
});
// process.exitCode, not process.exit(): stdout must flush first.
process.exitCode = exitCode;
