import { ts } from '../src/compiler.js';
import { defineCodeRule, noOptions } from '../src/rule.js';
import {
  calleeName,
  codeExcerpt,
  enclosingFunction,
  type FunctionLike,
  isFunctionLike,
  lineOf,
  skipWrappersUp,
  unwrap,
  visitDescendants,
} from '../src/analysis/syntax/ast.js';
import { declarationOf, isGlobalReference } from '../src/analysis/modules/module-view.js';
import { flowGraphOf, type FlowNode } from '../src/analysis/control-flow/flow.js';
import {
  callbackRole,
  liveSpansAt,
  quoteCode,
  reachableAvoiding,
  spanDisplayName,
  type LiveSpan,
} from '../src/analysis/spans/live-span.js';
import { producesPromise } from '../src/analysis/control-flow/promises.js';
import { doesTracedWork } from '../src/analysis/context/propagation.js';

type Options = Record<string, never>;

/** Everything this rule says: messages, help and related-location notes. */
const messages = {
  /** `work` is one of the `…Work` texts below. */
  stillRunning: (work: string, end: string, line: number, span: string) =>
    `${work} is still running when ${quoteCode(end)} (line ${line}) ends span ${span}. ` +
    "The span's duration stops short of this work, anything the work traces shows up after its parent has ended, " +
    `and its failures are never recorded on ${span}.`,
  endsHere: (span: string) => `span ${span} ends here while the work is still pending`,
  timerWork: (timer: string) => `The \`${timer}\` callback started here does traced work and`,
  timerHelp: (timer: string) =>
    `Await the work inside the span (e.g. \`await new Promise((r) => ${timer}(r, …))\` then the work), ` +
    'start its own span in the callback, or end the span inside the callback.',
  heldPromiseWork: (call: string, variable: string) =>
    `The promise from ${quoteCode(call)} (held in \`${variable}\` but not awaited before the end)`,
  floatingPromiseWork: (call: string) => `The promise from ${quoteCode(call)} is neither awaited nor returned: it`,
  promiseHelp:
    '`await` it before ending the span (or `await Promise.all([...])` for parallel work); if it is deliberately ' +
    'fire-and-forget, write `void work()` — and consider giving it its own span.',
} as const;

const timerFunctions = new Set(['setTimeout', 'setImmediate']);

/** Where a call's value goes: discarded, held in a local `const`, or consumed (awaited, returned, passed on). */
function valueSite(
  call: ts.Expression,
): { kind: 'discarded' } | { kind: 'variable'; declaration: ts.VariableDeclaration } | { kind: 'consumed' } {
  const { node, parent } = skipWrappersUp(call);
  if (parent && ts.isExpressionStatement(parent)) return { kind: 'discarded' };
  if (parent && ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name))
    return { kind: 'variable', declaration: parent };
  return { kind: 'consumed' };
}

/** A chain ending in `.catch(handler)` is fire-and-forget with its own error handling: a deliberate choice. */
function endsInCatch(call: ts.CallExpression): boolean {
  return (
    calleeName(call) === 'catch' &&
    call.arguments.length === 1 &&
    ts.isPropertyAccessExpression(unwrap(call.expression))
  );
}

function nodesOf(owner: FunctionLike | ts.SourceFile, node: ts.Node): FlowNode[] {
  return flowGraphOf(owner).nodesFor(node);
}

export default defineCodeRule<Options>({
  meta: {
    id: 'no-premature-span-end',
    family: 'spans',
    description:
      'Do not end a span while work started inside it (an un-awaited promise, a timer doing traced work) is still running.',
    rationale:
      "A span measures what it waits for. Work started inside it but not awaited keeps running after `span.end()`: the span's duration is too short, child spans of that work start after their parent ended, and failures of that work can never be recorded on the span.",
    defaultSeverity: 'warn',
    preset: 'recommended',
    types: 'improves',
    ...noOptions,
  },
  typescript(context) {
    const { file } = context;
    const reported = new Set<ts.Node>();

    /** The first end of a live span that `node`'s statement reaches, i.e. the `span.end()` it races. */
    const racedEnd = (node: ts.Node): { span: LiveSpan; end: ts.CallExpression } | undefined => {
      const owner = enclosingFunction(node);
      for (const span of liveSpansAt(file, node)) {
        // Only spans ended in this very function: after the end statement runs, this work is still pending.
        if (span.owner !== owner) continue;
        const from = nodesOf(owner, node);
        for (const end of span.ends) {
          const targets = new Set(nodesOf(owner, end));
          if (from.some((n) => targets.has(n))) continue;
          if (reachableAvoiding(from, targets, new Set())) return { span, end };
        }
      }
      return undefined;
    };

    /** A `const p = work()` whose promise is used (awaited, passed on) before the end: not floating. */
    const usedBeforeEnd = (declaration: ts.VariableDeclaration, call: ts.Node, end: ts.CallExpression): boolean => {
      const owner = enclosingFunction(call);
      const from = nodesOf(owner, call);
      const stop = new Set(nodesOf(owner, end));
      let used = false;
      visitDescendants(owner, (node) => {
        if (used || !ts.isIdentifier(node) || node === declaration.name) return;
        if (declarationOf(file, node) !== declaration) return;
        const at = nodesOf(owner, node);
        // A use inside a nested function (a callback) cannot be placed on a path: assume it waits.
        if (at.length === 0 || reachableAvoiding(from, new Set(at), stop)) used = true;
      });
      return used;
    };

    const report = (node: ts.Node, what: string, race: { span: LiveSpan; end: ts.CallExpression }, help: string) => {
      if (reported.has(node)) return;
      reported.add(node);
      const name = spanDisplayName(race.span.start);
      context.report({
        node,
        message: messages.stillRunning(what, codeExcerpt(race.end), lineOf(race.end, file.sourceFile), name),
        help,
        related: [{ node: race.end, message: messages.endsHere(name) }],
      });
    };

    return {
      nodes: {
        [ts.SyntaxKind.CallExpression](node) {
          const call = node as ts.CallExpression;
          const callee = unwrap(call.expression);

          // setTimeout/setImmediate callbacks that trace: they run after the span has ended.
          if (ts.isIdentifier(callee) && timerFunctions.has(callee.text) && isGlobalReference(file, callee)) {
            const callback = call.arguments[0] && unwrap(call.arguments[0]);
            if (!callback || !isFunctionLike(callback) || !doesTracedWork(file, callback)) return;
            const race = racedEnd(call);
            if (race) {
              report(call, messages.timerWork(callee.text), race, messages.timerHelp(callee.text));
            }
            return;
          }

          const site = valueSite(call);
          if (site.kind === 'consumed') return;
          if (endsInCatch(call)) return;
          // Explicit `void work()`: deliberate fire-and-forget (skipWrappersUp does not cross `void`).
          if (producesPromise(file, call) !== 'yes') return;
          // Inside a callback registered in the span (a listener, a `.then` handler), ordering is unknowable.
          const role = isFunctionLike(enclosingFunction(call))
            ? callbackRole(file, enclosingFunction(call) as FunctionLike)
            : undefined;
          if (role && role.role !== 'active') return;
          const race = racedEnd(call);
          if (!race) return;
          if (site.kind === 'variable' && usedBeforeEnd(site.declaration, call, race.end)) return;
          const text = codeExcerpt(call);
          const what =
            site.kind === 'variable'
              ? messages.heldPromiseWork(text, site.declaration.name.getText())
              : messages.floatingPromiseWork(text);
          report(call, what, race, messages.promiseHelp);
        },
      },
    };
  },
});
