/** The obslint command line, bundled next to the action (`action/bundle/obslint.js`) and used by the pre-commit hooks. */
import '../cli/run.js';
