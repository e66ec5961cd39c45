/**
 * Where label values enter a metric: prom-client `inc`/`dec`/`set`/`observe`/`labels`/`startTimer` and the timer's
 * `end`, OpenTelemetry `add`/`record` and observable callbacks' `observe` — with the label (attribute) values each
 * call writes, keyed by name or by position.
 */
import { ts } from '../../compiler.js';
import { calleeName, calleeReceiver, isFunctionLike, unwrap } from '../syntax/ast.js';
import { declarationOf, type ModuleView } from '../modules/module-view.js';
import { propertyKey, staticText } from '../values/static-text.js';
import { originOf } from '../modules/origin.js';
import { usesOpenTelemetry } from '../otel/api.js';
import { isMeter, metricOf, nameOf, usesPromClient, type MetricLibrary, type MetricRef } from './instruments.js';
import { forwardedLabelParameter } from './wrapper-writes.js';

export interface LabelValue {
  /** The label name / attribute key, when known. */
  name?: string;
  /** The key node (object form), when there is one. */
  key?: ts.Node;
  /** A computed key whose value obslint cannot read (`[ATTR_DB_CLIENT_CONNECTION_POOL_NAME]`): its code. */
  keyCode?: string;
  /** Positional index for `labels('GET', '200')`. */
  index?: number;
  value: ts.Expression;
  view: ModuleView;
}

export interface MetricWrite {
  library: MetricLibrary;
  /** `inc`, `observe`, `labels`, `startTimer`, `end` (a timer's end function), `add`, `record`, `observe`. */
  method: string;
  call: ts.CallExpression;
  metric?: MetricRef;
  /** The label values the call writes (possibly none). */
  labels: LabelValue[];
}

const promWriteMethods = new Set([
  'inc',
  'dec',
  'set',
  'observe',
  'labels',
  'startTimer',
  'zero',
  'remove',
  'setToCurrentTime',
]);

/** Entries of a labels / attributes object. */
export function labelEntries(view: ModuleView, expression: ts.Expression, depth = 0): LabelValue[] | undefined {
  if (depth > 3) return undefined;
  const value = unwrap(expression);
  let object: ts.ObjectLiteralExpression | undefined;
  let objectView = view;
  if (ts.isObjectLiteralExpression(value)) object = value;
  else if (ts.isIdentifier(value)) {
    const origin = originOf(view, value);
    if (ts.isObjectLiteralExpression(origin.node) && origin.view.sourceFile === view.sourceFile) {
      object = origin.node;
      objectView = origin.view;
    }
  }
  if (!object) return undefined;
  const entries: LabelValue[] = [];
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property)) {
      const name = propertyKey(property.name) ?? computedKey(objectView, property.name);
      const keyCode =
        name === undefined && ts.isComputedPropertyName(property.name)
          ? property.name.expression.getText().replace(/\s+/g, ' ')
          : undefined;
      entries.push({
        name,
        key: property.name,
        ...(keyCode ? { keyCode } : {}),
        value: property.initializer,
        view: objectView,
      });
    } else if (ts.isShorthandPropertyAssignment(property)) {
      entries.push({ name: property.name.text, key: property.name, value: property.name, view: objectView });
    } else if (ts.isSpreadAssignment(property)) {
      const inner = labelEntries(objectView, property.expression, depth + 1);
      if (inner) entries.push(...inner);
    }
  }
  return entries;
}

/** `[KEY]` where `KEY` is a constant of the project: its value. */
function computedKey(view: ModuleView, name: ts.PropertyName): string | undefined {
  if (!ts.isComputedPropertyName(name)) return undefined;
  const text = staticText(view, name.expression);
  return text.kind === 'static' ? text.value : undefined;
}

/** prom-client `inc({ labels, value, exemplarLabels })`: the labels part of the object form. */
function promLabelsArgument(argument: ts.Expression | undefined): ts.Expression | undefined {
  if (!argument) return undefined;
  const value = unwrap(argument);
  if (ts.isNumericLiteral(value) || ts.isPrefixUnaryExpression(value)) return undefined;
  if (ts.isObjectLiteralExpression(value)) {
    const keys = value.properties.map((property) =>
      property.name ? propertyKey(property.name as ts.PropertyName) : undefined,
    );
    const labels = value.properties.find(
      (property) => property.name && propertyKey(property.name as ts.PropertyName) === 'labels',
    );
    if (labels && keys.every((key) => key === 'labels' || key === 'value' || key === 'exemplarLabels')) {
      return ts.isPropertyAssignment(labels)
        ? labels.initializer
        : ts.isShorthandPropertyAssignment(labels)
          ? labels.name
          : undefined;
    }
  }
  return argument;
}

function positional(view: ModuleView, call: ts.CallExpression, metric: MetricRef | undefined): LabelValue[] {
  const names = metric?.definition?.labelNames;
  return call.arguments.map((argument, index) => ({ name: names?.[index], index, value: argument, view }));
}

function isObjectish(view: ModuleView, argument: ts.Expression | undefined): boolean {
  if (!argument) return false;
  const value = unwrap(argument);
  if (ts.isObjectLiteralExpression(value)) return true;
  if (ts.isIdentifier(value)) return ts.isObjectLiteralExpression(originOf(view, value).node);
  return false;
}

/** The observable callback whose result parameter `observer` is: `instrument.addCallback((result) => …)`. */
function observableCallbackKind(
  view: ModuleView,
  receiver: ts.Expression,
): { kind: 'single' | 'batch'; metric?: MetricRef } | undefined {
  const value = unwrap(receiver);
  if (!ts.isIdentifier(value)) return undefined;
  const declaration = declarationOf(view, value);
  if (!declaration || !ts.isParameter(declaration)) return undefined;
  const fn = declaration.parent;
  if (!isFunctionLike(fn) || fn.parameters[0] !== declaration) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const method = calleeName(call);
  const owner = calleeReceiver(call);
  if (!owner) return undefined;
  if (method === 'addCallback') {
    const metric = metricOf(view, owner);
    if (metric) return metric.library === 'opentelemetry' ? { kind: 'single', metric } : undefined;
    return usesOpenTelemetry(view) ? { kind: 'single' } : undefined;
  }
  if (method === 'addBatchObservableCallback' && (isMeter(view, owner) || usesOpenTelemetry(view)))
    return { kind: 'batch' };
  return undefined;
}

/** A call that writes to a metric, with the label values it writes. */
export function metricWriteAt(view: ModuleView, call: ts.CallExpression): MetricWrite | undefined {
  const method = calleeName(call);
  if (!method) return undefined;
  const receiver = calleeReceiver(call);

  // `end(labels)`: the function returned by `histogram.startTimer()`.
  if (!receiver && ts.isIdentifier(unwrap(call.expression))) {
    if (!usesPromClient(view)) return undefined;
    const origin = originOf(view, call.expression);
    if (ts.isCallExpression(origin.node) && calleeName(origin.node) === 'startTimer') {
      const timerReceiver = calleeReceiver(origin.node);
      const metric = timerReceiver ? metricOf(origin.view, timerReceiver) : undefined;
      if (metric?.library === 'prom-client' || (!metric && usesPromClient(view))) {
        const labels = promLabelsArgument(call.arguments[0]);
        return {
          library: 'prom-client',
          method: 'end',
          call,
          metric,
          labels: (labels && labelEntries(view, labels)) ?? [],
        };
      }
    }
    return undefined;
  }
  if (!receiver) return undefined;

  if (method === 'observe') {
    const callback = observableCallbackKind(view, receiver);
    if (callback) {
      const attributes = call.arguments[callback.kind === 'single' ? 1 : 2];
      const metric =
        callback.kind === 'batch' && call.arguments[0] ? metricOf(view, call.arguments[0]) : callback.metric;
      return {
        library: 'opentelemetry',
        method,
        call,
        metric,
        labels: (attributes && labelEntries(view, attributes)) ?? [],
      };
    }
  }

  if (promWriteMethods.has(method)) {
    const metric = metricOf(view, receiver);
    if (metric && metric.library !== 'prom-client') return undefined;
    if (!metric) {
      // Unresolved receiver: only the unmistakable shapes, in code that uses prom-client.
      if (!usesPromClient(view)) return undefined;
      if (method === 'labels') {
        if (call.arguments.length === 0) return undefined;
      } else if (!isObjectish(view, call.arguments[0])) return undefined;
      if (method === 'set' && call.arguments.length < 2) return undefined;
    }
    if (method === 'labels' || method === 'remove') {
      if (call.arguments.length === 1 && isObjectish(view, call.arguments[0]))
        return { library: 'prom-client', method, call, metric, labels: labelEntries(view, call.arguments[0]!) ?? [] };
      return { library: 'prom-client', method, call, metric, labels: positional(view, call, metric) };
    }
    const labels = promLabelsArgument(call.arguments[0]);
    const entries = labels && isObjectish(view, labels) ? labelEntries(view, labels) : undefined;
    return { library: 'prom-client', method, call, metric, labels: entries ?? [] };
  }

  if (method === 'add' || method === 'record') {
    return otelWrite(view, call, method, receiver);
  }
  return wrapperWrite(view, call, method, receiver);
}

/** A wrapper method that forwards one of its parameters as labels (see wrapper-writes.ts). */
function wrapperWrite(
  view: ModuleView,
  call: ts.CallExpression,
  method: string,
  receiver: ts.Expression,
): MetricWrite | undefined {
  // Every method call reaches here: only a call that passes an object literal to something named like a metric is
  // worth following into a factory.
  if (!call.arguments.some((argument) => ts.isObjectLiteralExpression(unwrap(argument)))) return undefined;
  if (
    !/(counter|gauge|histogram|summary|metric|total|timer|seconds|bytes|duration|latency|count)s?$/i.test(
      nameOf(unwrap(receiver)) ?? '',
    )
  )
    return undefined;
  const forwarded = forwardedLabelParameter(view, receiver, method, (innerView, inner) => {
    const write = metricWriteAt(innerView, inner);
    if (!write) return undefined;
    // `counter.labels(labels)`: the whole labels object, passed positionally.
    if (write.method === 'labels' && write.labels.length === 1 && write.labels[0]!.index === 0)
      return { labelsArgument: write.labels[0]!.value };
    // `counter.inc(labels, value)` with a parameter that obslint cannot see into: only when it says it is labels.
    const first = inner.arguments[0] && unwrap(inner.arguments[0]);
    if (
      write.labels.length === 0 &&
      first &&
      ts.isIdentifier(first) &&
      /^(labels|labelValues|attributes|attrs|tags)$/i.test(first.text)
    )
      return { labelsArgument: first };
    return undefined;
  });
  const argument = forwarded && call.arguments[forwarded.parameterIndex];
  if (!argument) return undefined;
  const metric = metricOf(view, receiver);
  return {
    library: metric?.library ?? 'prom-client',
    method,
    call,
    metric,
    labels: labelEntries(view, argument) ?? [],
  };
}

function otelWrite(
  view: ModuleView,
  call: ts.CallExpression,
  method: string,
  receiver: ts.Expression,
): MetricWrite | undefined {
  const metric = metricOf(view, receiver);
  if (metric && metric.library !== 'opentelemetry') return undefined;
  if (metric?.type) {
    const adds = metric.type === 'counter' || metric.type === 'updowncounter';
    const records = metric.type === 'histogram' || metric.type === 'gauge';
    if ((method === 'add' && !adds) || (method === 'record' && !records)) return undefined;
  }
  if (!metric) {
    if (!usesOpenTelemetry(view)) return undefined;
    const name = nameOf(unwrap(receiver));
    if (!name || !/(counter|histogram|gauge)s?$/i.test(name)) return undefined;
    if (call.arguments.length < 2 || isObjectish(view, call.arguments[0])) return undefined;
  }
  const attributes = call.arguments[1];
  return {
    library: 'opentelemetry',
    method,
    call,
    metric,
    labels: (attributes && labelEntries(view, attributes)) ?? [],
  };
}
