/**
 * The few pieces of the Actions toolkit the action needs, without the dependency: inputs from `INPUT_*` variables
 * (upper-cased, spaces to underscores, hyphens kept — as `@actions/core` reads them), outputs through the
 * `GITHUB_OUTPUT` file, the step summary, and escaped workflow commands.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { workflowCommand } from '../report/github.js';

export type Env = NodeJS.ProcessEnv;

export function getInput(name: string, env: Env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** YAML 1.2 core booleans only, like `core.getBooleanInput`; an empty input takes the default. */
export function getBooleanInput(name: string, env: Env, fallback: boolean): boolean {
  const value = getInput(name, env);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new Error(`Input '${name}' must be true or false, not '${value}'`);
}

/** Appends `name<<delimiter` … to `$GITHUB_OUTPUT` (multi-line safe). */
export function setOutput(name: string, value: string, env: Env): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(`${name}=${value}\n`);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

export function appendSummary(markdown: string, env: Env): boolean {
  if (!env.GITHUB_STEP_SUMMARY) return false;
  appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
  return true;
}

export function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

export function warning(message: string): void {
  process.stdout.write(`${workflowCommand('warning', { title: 'obslint action' }, message)}\n`);
}

export function error(message: string): void {
  process.stdout.write(`${workflowCommand('error', { title: 'obslint action' }, message)}\n`);
}
