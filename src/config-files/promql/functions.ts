/**
 * PromQL function signatures (Prometheus 3.x), for arity and argument-type checks.
 * `min`/`max` count arguments; `rest` is the type of arguments beyond `args` (variadic functions).
 */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export interface FunctionSignature {
  args: ValueType[];
  min: number;
  /** Infinity for variadic functions. */
  max: number;
  rest?: ValueType;
  returns: ValueType;
}

const fixed = (args: ValueType[], returns: ValueType = 'vector'): FunctionSignature => ({
  args,
  min: args.length,
  max: args.length,
  returns,
});
const optional = (args: ValueType[], min: number, returns: ValueType = 'vector'): FunctionSignature => ({
  args,
  min,
  max: args.length,
  returns,
});

const vectorToVector = [
  'abs',
  'acos',
  'acosh',
  'asin',
  'asinh',
  'atan',
  'atanh',
  'ceil',
  'cos',
  'cosh',
  'deg',
  'exp',
  'floor',
  'histogram_avg',
  'histogram_count',
  'histogram_stddev',
  'histogram_stdvar',
  'histogram_sum',
  'ln',
  'log10',
  'log2',
  'rad',
  'sgn',
  'sin',
  'sinh',
  'sort',
  'sort_desc',
  'sqrt',
  'tan',
  'tanh',
  'timestamp',
  'absent',
];
const rangeToVector = [
  'absent_over_time',
  'avg_over_time',
  'changes',
  'count_over_time',
  'delta',
  'deriv',
  'first_over_time',
  'idelta',
  'increase',
  'irate',
  'last_over_time',
  'mad_over_time',
  'max_over_time',
  'min_over_time',
  'present_over_time',
  'rate',
  'resets',
  'stddev_over_time',
  'stdvar_over_time',
  'sum_over_time',
  'ts_of_first_over_time',
  'ts_of_last_over_time',
  'ts_of_max_over_time',
  'ts_of_min_over_time',
];
const dateFunctions = [
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'hour',
  'minute',
  'month',
  'year',
];

export const functionSignatures: ReadonlyMap<string, FunctionSignature> = new Map<string, FunctionSignature>([
  ...vectorToVector.map((name) => [name, fixed(['vector'])] as const),
  ...rangeToVector.map((name) => [name, fixed(['matrix'])] as const),
  ...dateFunctions.map((name) => [name, optional(['vector'], 0)] as const),
  ['clamp', fixed(['vector', 'scalar', 'scalar'])],
  ['clamp_max', fixed(['vector', 'scalar'])],
  ['clamp_min', fixed(['vector', 'scalar'])],
  ['double_exponential_smoothing', fixed(['matrix', 'scalar', 'scalar'])],
  ['histogram_fraction', fixed(['scalar', 'scalar', 'vector'])],
  ['histogram_quantile', fixed(['scalar', 'vector'])],
  ['info', optional(['vector', 'vector'], 1)],
  ['label_join', { args: ['vector', 'string', 'string'], min: 3, max: Infinity, rest: 'string', returns: 'vector' }],
  ['label_replace', fixed(['vector', 'string', 'string', 'string', 'string'])],
  ['pi', fixed([], 'scalar')],
  ['predict_linear', fixed(['matrix', 'scalar'])],
  ['quantile_over_time', fixed(['scalar', 'matrix'])],
  ['round', optional(['vector', 'scalar'], 1)],
  ['scalar', fixed(['vector'], 'scalar')],
  ['sort_by_label', { args: ['vector'], min: 1, max: Infinity, rest: 'string', returns: 'vector' }],
  ['sort_by_label_desc', { args: ['vector'], min: 1, max: Infinity, rest: 'string', returns: 'vector' }],
  ['time', fixed([], 'scalar')],
  ['vector', fixed(['scalar'])],
]);

/** Aggregation operators and the type of their parameter, if they take one. */
export const aggregationParameters: ReadonlyMap<string, ValueType | undefined> = new Map<string, ValueType | undefined>(
  [
    ['sum', undefined],
    ['avg', undefined],
    ['count', undefined],
    ['min', undefined],
    ['max', undefined],
    ['group', undefined],
    ['stddev', undefined],
    ['stdvar', undefined],
    ['topk', 'scalar'],
    ['bottomk', 'scalar'],
    ['limitk', 'scalar'],
    ['limit_ratio', 'scalar'],
    ['quantile', 'scalar'],
    ['count_values', 'string'],
  ],
);

export function describeType(type: ValueType): string {
  return { scalar: 'a number (scalar)', vector: 'an instant vector', matrix: 'a range vector', string: 'a string' }[
    type
  ];
}

export function exampleOf(type: ValueType): string {
  return { scalar: '0.5', vector: 'my_metric', matrix: 'my_metric[5m]', string: '"label"' }[type];
}
