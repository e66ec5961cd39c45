/**
 * prom-client's `collectDefaultMetrics()`: the process and runtime metrics it registers, as read from its source
 * (prom-client 15.1 `lib/metrics/*.js`; `@prometheus-io/client` 0.16 registers the same plus the event-loop
 * utilisation summary and histogram). They are not the project's naming choices — the naming rules leave them
 * alone — but they are series a scrape shows and names a registry already holds, so the catalog lists them and the
 * duplicate check counts them.
 *
 * `prefix` is prepended to every name and the keys of `labels` are added to every label set, as the library does.
 * `process_open_fds`, `process_max_fds`, `process_virtual_memory_bytes` and `process_heap_bytes` exist on Linux
 * only, and `nodejs_active_resources*` from Node 17: listed all the same, since services run there.
 */
import { ts } from '../../compiler.js';
import { calleeName, unwrap } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { importBindingOf } from '../modules/origin.js';
import { objectLiteralOf, propertyOfObject, staticText } from '../values/static-text.js';
import { isPromClientModule } from './prom-client.js';

export interface DefaultMetric {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary';
  labelNames: readonly string[];
  help: string;
}

const gauge = (name: string, help: string, labelNames: readonly string[] = []): DefaultMetric => ({
  name,
  type: 'gauge',
  labelNames,
  help,
});

/** prom-client 15: `lib/metrics/*.js`, in `defaultMetrics.js` order. */
export const promClientDefaultMetrics: readonly DefaultMetric[] = [
  {
    name: 'process_cpu_user_seconds_total',
    type: 'counter',
    labelNames: [],
    help: 'Total user CPU time spent in seconds.',
  },
  {
    name: 'process_cpu_system_seconds_total',
    type: 'counter',
    labelNames: [],
    help: 'Total system CPU time spent in seconds.',
  },
  {
    name: 'process_cpu_seconds_total',
    type: 'counter',
    labelNames: [],
    help: 'Total user and system CPU time spent in seconds.',
  },
  gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.'),
  gauge('process_resident_memory_bytes', 'Resident memory size in bytes.'),
  gauge('process_virtual_memory_bytes', 'Virtual memory size in bytes.'),
  gauge('process_heap_bytes', 'Process heap size in bytes.'),
  gauge('process_open_fds', 'Number of open file descriptors.'),
  gauge('process_max_fds', 'Maximum number of open file descriptors.'),
  gauge('nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.'),
  gauge('nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.'),
  gauge('nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.'),
  gauge('nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.'),
  gauge('nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays.'),
  gauge('nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.'),
  gauge('nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.'),
  gauge('nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.'),
  gauge(
    'nodejs_active_resources',
    'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
    ['type'],
  ),
  gauge('nodejs_active_resources_total', 'Total number of active resources.'),
  gauge(
    'nodejs_active_handles',
    'Number of active libuv handles grouped by handle type. Every handle type is C++ class name.',
    ['type'],
  ),
  gauge('nodejs_active_handles_total', 'Total number of active handles.'),
  gauge(
    'nodejs_active_requests',
    'Number of active libuv requests grouped by request type. Every request type is C++ class name.',
    ['type'],
  ),
  gauge('nodejs_active_requests_total', 'Total number of active requests.'),
  gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.'),
  gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.'),
  gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.'),
  gauge('nodejs_heap_space_size_total_bytes', 'Process heap space size total from Node.js in bytes.', ['space']),
  gauge('nodejs_heap_space_size_used_bytes', 'Process heap space size used from Node.js in bytes.', ['space']),
  gauge('nodejs_heap_space_size_available_bytes', 'Process heap space size available from Node.js in bytes.', [
    'space',
  ]),
  gauge('nodejs_version_info', 'Node.js version info.', ['version', 'major', 'minor', 'patch']),
  {
    name: 'nodejs_gc_duration_seconds',
    type: 'histogram',
    labelNames: ['kind'],
    help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
  },
];

const utilisationHelp =
  'Ratio of time the event loop is not idling in the event provider to the total time the event loop is running.';

/** `@prometheus-io/client` 0.16 adds `lib/metrics/eventLoopUtilization.js`. */
export const prometheusIoDefaultMetrics: readonly DefaultMetric[] = [
  ...promClientDefaultMetrics,
  { name: 'nodejs_eventloop_utilization_summary', type: 'summary', labelNames: [], help: utilisationHelp },
  { name: 'nodejs_eventloop_utilization_histogram', type: 'histogram', labelNames: [], help: utilisationHelp },
];

export interface DefaultMetricsCall {
  call: ts.CallExpression;
  /** The metrics registered, with the call's `prefix` and `labels` applied; `labelNames` undefined when unreadable. */
  metrics: { name: string; type: DefaultMetric['type']; labelNames?: readonly string[]; help: string }[];
}

/** The package a `collectDefaultMetrics` callee is imported from (`collectDefaultMetrics`, `client.…`). */
function calleeModule(view: ModuleView, callee: ts.Expression): string | undefined {
  const value = unwrap(callee);
  const holder = ts.isIdentifier(value)
    ? value
    : (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) &&
        ts.isIdentifier(unwrap(value.expression))
      ? (unwrap(value.expression) as ts.Identifier)
      : undefined;
  const declaration = holder && declarationOf(view, holder);
  return declaration ? importBindingOf(view, declaration)?.module : undefined;
}

/**
 * `collectDefaultMetrics({ prefix: 'app_', labels: { service: 'api' } })` in a module that uses prom-client (under
 * either package name): the metrics it registers. Undefined when the prefix cannot be read — the names would be
 * guesses.
 */
export function defaultMetricsCallAt(
  view: ModuleView,
  call: ts.CallExpression,
  usesPromClient: boolean,
): DefaultMetricsCall | undefined {
  if (calleeName(call) !== 'collectDefaultMetrics') return undefined;
  const module = calleeModule(view, call.expression);
  if (module !== undefined ? !isPromClientModule(module) : !usesPromClient) return undefined;
  const catalog = module === '@prometheus-io/client' ? prometheusIoDefaultMetrics : promClientDefaultMetrics;
  let prefix = '';
  let extraLabels: readonly string[] | undefined = [];
  const argument = call.arguments[0];
  if (argument) {
    const options = objectLiteralOf(view, argument);
    if (!options) return undefined;
    const prefixValue = propertyOfObject(options, 'prefix');
    if (prefixValue) {
      const text = staticText(prefixValue.view, prefixValue.expression, prefixValue.env);
      if (text.kind !== 'static') return undefined;
      prefix = text.value;
    } else if (hasSpread(options.node)) return undefined;
    const labels = propertyOfObject(options, 'labels');
    if (labels) {
      const object = objectLiteralOf(labels.view, labels.expression, labels.env);
      extraLabels = object && !hasSpread(object.node) ? literalKeys(object.node) : undefined;
    } else if (hasSpread(options.node)) extraLabels = undefined;
  }
  return {
    call,
    metrics: catalog.map((metric) => ({
      name: `${prefix}${metric.name}`,
      type: metric.type,
      labelNames: extraLabels ? [...metric.labelNames, ...extraLabels] : undefined,
      help: metric.help,
    })),
  };
}

function hasSpread(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some(ts.isSpreadAssignment);
}

function literalKeys(object: ts.ObjectLiteralExpression): string[] | undefined {
  const keys: string[] = [];
  for (const property of object.properties) {
    const key =
      property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name))
        ? property.name.text
        : undefined;
    if (key === undefined) return undefined;
    keys.push(key);
  }
  return keys;
}
