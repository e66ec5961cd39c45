import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { argumentConventions, logCallOf, type LogCall } from '../src/analysis/logs/loggers.js';
import { describeValue, interpolatedValues, messageIndex, placeholderValues, suggestedFieldName, isConstantValue } from '../src/analysis/logs/log-arguments.js';
import { errorDeclarationOf, errorStringOf } from '../src/analysis/values/error-values.js';
import { traceScopeAt } from '../src/analysis/spans/trace-scope.js';

interface Options {
  allowConsole: boolean;
}

const consequence =
  'Every record gets a different message text, so logs cannot be grouped, counted or alerted on by message, and the ' +
  'values are buried in text instead of being fields you can filter on.';

/** Everything this rule says: messages and help. */
const messages = {
  /** `how` is `builtFromData` or `formattedFromData`; `values` lists up to three of them. */
  variableMessage: (how: string, values: string, more: string) =>
    `This log message is ${how} (${values}${more}). ${consequence}`,
  builtFromData: 'built from runtime data',
  formattedFromData: 'filled in through printf placeholders with runtime data',
  moreValues: ', …',
  /** `example` is one of the `…Example` texts. */
  variableMessageHelp: (example: string) => `Keep the message constant and pass the data as fields: ${example}.`,
  winstonExample: (receiver: string, method: string, fields: string) => `\`${receiver}.${method}('…', ${fields})\``,
  nestExample: (receiver: string, method: string, fields: string) =>
    `\`${receiver}.${method}({ message: '…', ...${fields} })\``,
  consoleExample: (method: string, fields: string) => `a structured logger: \`logger.${method}(${fields}, '…')\``,
  fieldsFirstExample: (receiver: string, method: string, fields: string) => `\`${receiver}.${method}(${fields}, '…')\``,
  /** `placeholder` is `noPlaceholder` or `noPlaceholderLeft`. */
  pinoDropsArgument: (value: string, placeholder: string) =>
    `pino ignores \`${value}\`: the message has ${placeholder} for it, and pino drops arguments after the message ` +
    'that no `%s`/`%o` consumes. The data silently never reaches the log record.',
  noPlaceholder: 'no placeholder',
  noPlaceholderLeft: 'no placeholder left',
  pinoDropsArgumentHelp: (receiver: string, method: string, field: string) =>
    `Pass it before the message as the merging object: \`${receiver}.${method}({ ${field} }, '…')\` ` +
    `(an Error: \`${receiver}.${method}({ err }, '…')\`).`,
  bunyanFormatsArgument: (value: string) =>
    `bunyan formats \`${value}\` into the message text with \`util.format\`: the data becomes part of an ` +
    `ever-changing message instead of a field. ${consequence}`,
  bunyanFormatsArgumentHelp: (receiver: string, method: string, field: string) =>
    `Pass it before the message as fields: \`${receiver}.${method}({ ${field} }, '…')\`.`,
} as const;

function fieldsExample(log: LogCall, values: readonly ts.Expression[]): string {
  const pairs = new Map<string, string>();
  for (const value of values) if (!pairs.has(suggestedFieldName(value))) pairs.set(suggestedFieldName(value), describeValue(value));
  const object = `{ ${[...pairs].slice(0, 3).map(([field, text]) => (field === text ? field : `${field}: ${text}`)).join(', ')} }`;
  const receiver = log.receiver.getText();
  switch (argumentConventions(log)) {
    case 'winston':
      return messages.winstonExample(receiver, log.method, object);
    case 'nest':
      return messages.nestExample(receiver, log.method, object);
    case 'console':
      return messages.consoleExample(log.method === 'log' ? 'info' : log.method, object);
    default:
      return messages.fieldsFirstExample(receiver, log.method, object);
  }
}

/** Error stringifications are no-stringified-errors' findings: not counted here as well. */
function isErrorText(file: Parameters<typeof errorStringOf>[0], value: ts.Expression): boolean {
  return !!errorStringOf(file, value) || !!errorDeclarationOf(file, value);
}

export default defineCodeRule<Options>({
  meta: {
    id: 'no-unstructured-logs',
    family: 'logs',
    description: 'Log messages must be constant, with runtime data passed as fields; pino must not be given arguments it silently drops.',
    rationale:
      'Structured logs are searched and aggregated by message and fields. A message built from a template, concatenation or `%s` placeholders turns each value into text: every record is unique, and the data cannot be filtered on. pino goes further and drops arguments after the message that have no placeholder, so the data never reaches the record.',
    defaultSeverity: 'warn',
    preset: 'stylistic',
    types: 'improves',
    optionsSchema: {
      type: 'object',
      properties: {
        allowConsole: {
          type: 'boolean',
          description: 'Ignore `console` calls outside request handlers and spans (start-up messages, scripts). `false` checks `console` everywhere.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { allowConsole: true },
  },
  typescript(context) {
    const { file, options } = context;
    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const log = logCallOf(file, call);
          if (!log) return;
          const library = argumentConventions(log);
          if (library === 'console' && options.allowConsole && !traceScopeAt(file, call)) return;
          const index = messageIndex(file, log);
          if (index === undefined) return;
          const message = call.arguments[index]!;
          const placeholders = library === 'nest' ? undefined : placeholderValues(log, index);

          const interpolated = interpolatedValues(file, message).filter((value) => !isErrorText(file, value));
          const formatted = (placeholders?.consumed ?? []).filter((value) => !isConstantValue(file, value) && !isErrorText(file, value));
          const data = interpolated.length > 0 ? interpolated : formatted;
          if (data.length > 0) {
            const how = interpolated.length > 0 ? messages.builtFromData : messages.formattedFromData;
            const list = data.slice(0, 3).map((value) => `\`${describeValue(value)}\``).join(', ');
            context.report({
              node: message,
              message: messages.variableMessage(how, list, data.length > 3 ? messages.moreValues : ''),
              help: messages.variableMessageHelp(fieldsExample(log, data)),
            });
          }

          const extra = placeholders?.extra ?? [];
          if (extra.length === 0) return;
          if (library === 'pino') {
            const first = extra[0]!;
            context.report({
              node: first,
              message: messages.pinoDropsArgument(
                describeValue(first),
                placeholders!.consumed.length === 0 ? messages.noPlaceholder : messages.noPlaceholderLeft,
              ),
              help: messages.pinoDropsArgumentHelp(log.receiver.getText(), log.method, suggestedFieldName(first)),
            });
          } else if (library === 'bunyan' && extra.some((value) => !isConstantValue(file, value))) {
            const first = extra.find((value) => !isConstantValue(file, value))!;
            context.report({
              node: first,
              message: messages.bunyanFormatsArgument(describeValue(first)),
              help: messages.bunyanFormatsArgumentHelp(log.receiver.getText(), log.method, suggestedFieldName(first)),
            });
          }
        },
      },
    };
  },
});
