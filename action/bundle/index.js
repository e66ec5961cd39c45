#!/usr/bin/env node
import { createRequire as __obslintCreateRequire } from 'node:module';
import { fileURLToPath as __obslintFileURLToPath } from 'node:url';
import { dirname as __obslintDirname } from 'node:path';
const require = __obslintCreateRequire(import.meta.url);
const __filename = __obslintFileURLToPath(import.meta.url);
const __dirname = __obslintDirname(__filename);

// src/action/main.ts
import { spawnSync } from "node:child_process";
import { existsSync as existsSync2, mkdtempSync, readFileSync as readFileSync5, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as join3, resolve } from "node:path";

// src/version.ts
import { readFileSync as readFileSync2 } from "node:fs";

// src/util/package-root.ts
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
var root;
function packageRoot() {
  if (root) return root;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "obslint")
      return root = directory;
    directory = dirname(directory);
  }
  throw new Error("obslint: cannot find its own package.json");
}
function packagePath(...segments) {
  return join(packageRoot(), ...segments);
}

// src/version.ts
var version = JSON.parse(readFileSync2(packagePath("package.json"), "utf8")).version;

// src/action/args.ts
function splitArguments(text) {
  const words = [];
  let word = "";
  let inWord = false;
  let quote;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "'") {
      if (ch === "'") quote = void 0;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = void 0;
      else if (ch === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) word += text[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in: ${text}`);
  if (inWord) words.push(word);
  return words;
}

// src/action/diff-base.ts
import { execFileSync } from "node:child_process";
import { readFileSync as readFileSync3 } from "node:fs";
function gitOk(args, cwd) {
  try {
    execFileSync("git", args, { cwd, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
function baseCommitFromEvent(env) {
  const name = env.GITHUB_EVENT_NAME ?? "";
  let event = {};
  try {
    if (env.GITHUB_EVENT_PATH) event = JSON.parse(readFileSync3(env.GITHUB_EVENT_PATH, "utf8"));
  } catch {
    return { skipped: `the event payload (${env.GITHUB_EVENT_PATH}) could not be read` };
  }
  const isSha = (value) => typeof value === "string" && /^[0-9a-f]{40,64}$/i.test(value) && !/^0+$/.test(value);
  const pullBase = event.pull_request?.base?.sha;
  if (isSha(pullBase))
    return {
      sha: pullBase,
      what: `the pull request's base (${event.pull_request?.base?.ref ?? pullBase.slice(0, 12)})`
    };
  if (isSha(event.merge_group?.base_sha)) return { sha: event.merge_group.base_sha, what: "the merge queue base" };
  if (name === "push" && isSha(event.before)) return { sha: event.before, what: "the commit before the push" };
  return { skipped: `the '${name || "unknown"}' event names no base commit` };
}
function diffBase(env, cwd) {
  const base = baseCommitFromEvent(env);
  if ("skipped" in base) return base;
  const present = () => gitOk(["cat-file", "-e", `${base.sha}^{commit}`], cwd);
  if (!present()) gitOk(["fetch", "--no-tags", "--quiet", "--depth=1", "origin", base.sha], cwd);
  if (!present())
    return { skipped: `the base commit ${base.sha.slice(0, 12)} is not in the checkout and could not be fetched` };
  if (gitOk(["merge-base", base.sha, "HEAD"], cwd))
    return { args: ["--new-from-merge-base", base.sha], description: base.what };
  return { args: ["--new-from-rev", base.sha], description: base.what };
}

// src/action/locate.ts
import { readFileSync as readFileSync4 } from "node:fs";
import { createRequire } from "node:module";
import { dirname as dirname2, join as join2 } from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
function locateObslint(workingDirectory, bundled, bundledVersion) {
  try {
    const manifestPath = createRequire(join2(workingDirectory, "package.json")).resolve("obslint/package.json");
    const manifest = JSON.parse(readFileSync4(manifestPath, "utf8"));
    const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.obslint;
    if (bin)
      return { script: join2(dirname2(manifestPath), bin), version: manifest.version ?? "unknown", source: "project" };
  } catch {
  }
  return { script: bundled, version: bundledVersion, source: "bundled" };
}
function bundledObslint() {
  return fileURLToPath2(new URL("./obslint.js", import.meta.url));
}

// src/action/toolkit.ts
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";

// src/report/github.ts
function escapeCommandData(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeCommandProperty(text) {
  return escapeCommandData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function workflowCommand(command, properties, message) {
  const props = Object.entries(properties).filter((entry) => entry[1] !== void 0 && entry[1] !== "").map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`).join(",");
  return `::${command}${props ? ` ${props}` : ""}::${escapeCommandData(message)}`;
}

// src/action/toolkit.ts
function getInput(name, env) {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}
function getBooleanInput(name, env, fallback) {
  const value = getInput(name, env);
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new Error(`Input '${name}' must be true or false, not '${value}'`);
}
function setOutput(name, value, env) {
  const file = env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(`${name}=${value}
`);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}
${value}
${delimiter}
`);
}
function appendSummary(markdown, env) {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
  return true;
}
function log(message) {
  process.stdout.write(`${message}
`);
}
function warning(message) {
  process.stdout.write(`${workflowCommand("warning", { title: "obslint action" }, message)}
`);
}
function error(message) {
  process.stdout.write(`${workflowCommand("error", { title: "obslint action" }, message)}
`);
}

// src/action/main.ts
function readCounts(jsonPath) {
  try {
    const results = JSON.parse(readFileSync5(jsonPath, "utf8"));
    return results.reduce(
      (sum, result) => ({ errors: sum.errors + result.errorCount, warnings: sum.warnings + result.warningCount }),
      { errors: 0, warnings: 0 }
    );
  } catch {
    return void 0;
  }
}
function runAction(env) {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const workingDirectory = resolve(workspace, getInput("working-directory", env) || ".");
  const failOn = getInput("fail-on", env) || "error";
  if (!["error", "warning", "none"].includes(failOn))
    throw new Error(`Input 'fail-on' must be error, warning or none, not '${failOn}'`);
  const summary = getBooleanInput("summary", env, true);
  const onlyNew = getBooleanInput("only-new-issues", env, false);
  const sarifInput = getInput("sarif-file", env);
  const config = getInput("config", env);
  const paths = splitArguments(getInput("paths", env));
  const extra = splitArguments(getInput("args", env));
  if (!existsSync2(workingDirectory)) throw new Error(`working-directory '${workingDirectory}' does not exist`);
  const temporary = mkdtempSync(join3(env.RUNNER_TEMP || tmpdir(), "obslint-"));
  try {
    const jsonPath = join3(temporary, "results.json");
    const summaryPath = join3(temporary, "summary.md");
    const sarifPath = sarifInput ? resolve(workingDirectory, sarifInput) : void 0;
    const args = [...paths, "-f", "github", "-f", `json:${jsonPath}`, "-f", `markdown:${summaryPath}`];
    if (sarifPath) args.push("-f", `sarif:${sarifPath}`);
    if (config) args.push("--config", config);
    if (onlyNew) {
      const base = diffBase(env, workingDirectory);
      if ("skipped" in base)
        warning(
          `only-new-issues: reporting every finding, because ${base.skipped}. Check out with 'fetch-depth: 0' to compare with the base branch.`
        );
      else {
        args.push(...base.args);
        log(`obslint: reporting only findings on lines changed since ${base.description}`);
      }
    }
    args.push(...extra);
    const obslint = locateObslint(workingDirectory, bundledObslint(), version);
    log(
      `obslint ${obslint.version} (${obslint.source === "project" ? `the project's, ${obslint.script}` : "bundled with the action"}): obslint ${args.join(" ")}`
    );
    const child = spawnSync(process.execPath, [obslint.script, ...args], {
      cwd: workingDirectory,
      env: { ...env, FORCE_COLOR: "0" },
      stdio: ["ignore", "inherit", "inherit"]
    });
    const status = child.status ?? 2;
    const counts = readCounts(jsonPath);
    setOutput("error-count", String(counts?.errors ?? 0), env);
    setOutput("warning-count", String(counts?.warnings ?? 0), env);
    setOutput("sarif-file", sarifPath && existsSync2(sarifPath) ? sarifPath : "", env);
    if (summary && existsSync2(summaryPath)) appendSummary(readFileSync5(summaryPath, "utf8"), env);
    if (child.error || status >= 2 || !counts) {
      error(`obslint could not complete (exit code ${child.error ? child.error.message : status}); see the log above.`);
      return 1;
    }
    const failing = failOn === "error" ? counts.errors : failOn === "warning" ? counts.errors + counts.warnings : 0;
    if (failing > 0) {
      log(
        `Failing: obslint found ${counts.errors} error${counts.errors === 1 ? "" : "s"} and ${counts.warnings} warning${counts.warnings === 1 ? "" : "s"} (fail-on: ${failOn}).`
      );
      return 1;
    }
    log(`obslint: ${counts.errors} errors, ${counts.warnings} warnings (fail-on: ${failOn}).`);
    return 0;
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}
try {
  process.exitCode = runAction(process.env);
} catch (failure) {
  error(failure.message);
  process.exitCode = 1;
}
export {
  runAction
};
