import { ts } from '../src/compiler.js';
import { defineCodeRule } from '../src/rule.js';
import { logCallOf, type LogCall } from '../src/analysis/logs/loggers.js';
import {
  describeValue,
  interpolatedValues,
  messageIndex,
  placeholderValues,
  suggestedFieldName,
  isConstantValue,
} from '../src/analysis/logs/log-arguments.js';
import { errorDeclarationOf, errorStringOf } from '../src/analysis/values/error-values.js';
import { traceScopeAt } from '../src/analysis/spans/trace-scope.js';
import { adviceConventions, argumentConventions, logLevelOf } from '../src/analysis/logs/log-conventions.js';

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
  /** `fields` is an object literal's text (`{ userId }`), `pairs` its properties alone (`userId`). */
  /** `call` is `info(` or `log('info', `. */
  winstonExample: (receiver: string, call: string, fields: string) =>
    `\`${receiver}.${call}'…', ${fields})\` (winston merges a meta object into the record)`,
  log4jsExample: (receiver: string, method: string, fields: string) =>
    `\`${receiver}.${method}('…', ${fields})\` (log4js keeps every argument in the event's \`data\`; its layouts ` +
    'print them after the message)',
  nestExample: (receiver: string, method: string, pairs: string) =>
    `\`${receiver}.${method}({ message: '…', ${pairs} })\` (ConsoleLogger prints the object as JSON; with ` +
    '`json: true` or a pino/winston bridge the values become fields)',
  nestPinoExample: (receiver: string, method: string, pairs: string) =>
    `\`${receiver}.${method}({ msg: '…', ${pairs} })\` (with nestjs-pino a trailing string argument is the ` +
    'context, so put the message in the object)',
  consoleExample: (method: string, fields: string) =>
    `log through a structured logger instead (pino: \`logger.${method}(${fields}, '…')\`; winston: ` +
    `\`logger.${method}('…', ${fields})\`), or at least keep the values out of the text: ` +
    `\`console.${method}('…', ${fields})\``,
  fieldsFirstExample: (receiver: string, method: string, fields: string) => `\`${receiver}.${method}(${fields}, '…')\``,
  wrapperExample: (fields: string) =>
    `\`${fields}\` as an argument of its own where this logger's methods accept one (check its signature), ` +
    'instead of building the values into the text',
  /** `placeholder` is `noPlaceholder` or `noPlaceholderLeft`. */
  pinoDropsArgument: (value: string, placeholder: string) =>
    `pino ignores \`${value}\`: the message has ${placeholder} for it, and pino drops arguments after the message ` +
    'that no `%s`/`%o` consumes. The data silently never reaches the log record.',
  noPlaceholder: 'no placeholder',
  noPlaceholderLeft: 'no placeholder left',
  pinoDropsArgumentHelp: (receiver: string, method: string, field: string) =>
    `Pass it before the message as the merging object: \`${receiver}.${method}({ ${field} }, '…')\`` +
    (field === 'err' ? '.' : ` (an Error: \`${receiver}.${method}({ err }, '…')\`).`),
  bunyanFormatsArgument: (value: string) =>
    `bunyan formats \`${value}\` into the message text with \`util.format\`: the data becomes part of an ` +
    `ever-changing message instead of a field. ${consequence}`,
  bunyanFormatsArgumentHelp: (receiver: string, method: string, field: string) =>
    `Pass it before the message as fields: \`${receiver}.${method}({ ${field} }, '…')\`.`,
} as const;

function fieldsExample(
  file: Parameters<typeof adviceConventions>[0],
  log: LogCall,
  values: readonly ts.Expression[],
): string {
  const pairs = new Map<string, string>();
  for (const value of values)
    if (!pairs.has(suggestedFieldName(value))) pairs.set(suggestedFieldName(value), describeValue(value));
  const properties = [...pairs]
    .slice(0, 3)
    .map(([field, text]) => (field === text ? field : `${field}: ${text}`))
    .join(', ');
  const object = `{ ${properties} }`;
  const receiver = log.receiver.getText();
  switch (adviceConventions(file, log)) {
    case 'winston':
      // `logger.log('info', …)` keeps its level argument.
      return messages.winstonExample(
        receiver,
        log.method === 'log' ? `log('${logLevelOf(log)}', ` : `${log.method}(`,
        object,
      );
    case 'log4js':
      return messages.log4jsExample(receiver, log.method, object);
    case 'nest':
      return messages.nestExample(receiver, log.method, properties);
    case 'nest-pino':
      return messages.nestPinoExample(receiver, log.method, properties);
    case 'console':
      return messages.consoleExample(log.method === 'log' ? 'info' : log.method, object);
    case 'pino':
    case 'bunyan':
      return messages.fieldsFirstExample(receiver, log.method, object);
    default:
      return messages.wrapperExample(object);
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
    description:
      'Log messages must be constant, with runtime data passed as fields; pino must not be given arguments it silently drops.',
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
          description:
            'Ignore `console` calls outside request handlers and spans (start-up messages, scripts). `false` checks `console` everywhere.',
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
          const formatted = (placeholders?.consumed ?? []).filter(
            (value) => !isConstantValue(file, value) && !isErrorText(file, value),
          );
          const data = interpolated.length > 0 ? interpolated : formatted;
          if (data.length > 0) {
            const how = interpolated.length > 0 ? messages.builtFromData : messages.formattedFromData;
            const list = data
              .slice(0, 3)
              .map((value) => `\`${describeValue(value)}\``)
              .join(', ');
            context.report({
              node: message,
              message: messages.variableMessage(how, list, data.length > 3 ? messages.moreValues : ''),
              help: messages.variableMessageHelp(fieldsExample(file, log, data)),
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
