/** The control-flow graph and its path query, on small functions whose leaks are known. */
import { describe, expect, it } from 'vitest';
import { ts } from '../src/compiler.js';
import { exitsAvoiding, flowGraphOf, isUnconditionalIn } from '../src/analysis/control-flow/flow.js';
import type { FunctionLike } from '../src/analysis/syntax/ast.js';

/** Leaks from the statement `start()` that never pass a statement `close()`; calls to `risky()` may throw. */
function leaks(body: string): string[] {
  const sourceFile = ts.createSourceFile('t.ts', `function f() {\n${body}\n}`, ts.ScriptTarget.Latest, true);
  const fn = sourceFile.statements[0] as FunctionLike;
  const graph = flowGraphOf(fn);
  const textOf = (node: ts.Node | undefined) => node?.getText(sourceFile) ?? '';
  const start = graph.nodes.find((node) => textOf(node.ast) === 'start();')!;
  return exitsAvoiding(graph, start, {
    closes: (node) => textOf(node.ast) === 'close();',
    canThrow: (node) => textOf(node.ast).includes('risky()'),
  }).map(
    (leak) =>
      `${leak.kind}${leak.node.ast ? `@${sourceFile.getLineAndCharacterOfPosition(leak.node.ast.getStart(sourceFile)).line}` : ''}`,
  );
}

describe('exitsAvoiding', () => {
  it('finds an early return, a throw and the fall-off end', () => {
    expect(leaks('start();\nif (a) return;\nclose();')).toEqual(['return@2']);
    expect(leaks('start();\nif (a) throw e;\nclose();')).toEqual(['throw@2']);
    expect(leaks('start();\nif (a) close();')).toEqual(['end']);
  });

  it('follows exception edges only from nodes that can throw', () => {
    expect(leaks('start();\nsafe();\nclose();')).toEqual([]);
    expect(leaks('start();\nrisky();\nclose();')).toEqual(['exception@2']);
  });

  it('routes returns and exceptions through finally', () => {
    expect(leaks('start();\ntry {\n  if (a) return;\n  risky();\n} finally {\n  close();\n}')).toEqual([]);
    expect(leaks('start();\ntry {\n  risky();\n} catch {\n  return;\n}\nclose();')).toEqual(['return@5']);
    expect(leaks('start();\ntry {\n  risky();\n} catch {\n  log();\n}\nclose();')).toEqual([]);
  });

  it('handles loops, break, continue and labels', () => {
    expect(leaks('for (const x of xs) {\n  start();\n  if (x) continue;\n  close();\n}')).toEqual(['loop@3', 'end']);
    expect(leaks('start();\nwhile (true) {\n  if (x) break;\n}\nclose();')).toEqual([]);
    expect(leaks('start();\nouter: for (;;) {\n  for (;;) {\n    break outer;\n  }\n}\nclose();')).toEqual([]);
    expect(leaks('start();\nwhile (true) {\n  if (x) return;\n}')).toEqual(['return@3']);
  });

  it('handles switch fallthrough and break', () => {
    expect(
      leaks('start();\nswitch (k) {\n  case 1:\n  case 2:\n    break;\n  default:\n    return;\n}\nclose();'),
    ).toEqual(['return@7']);
  });
});

describe('isUnconditionalIn', () => {
  it('is false under short-circuit, conditional and nested functions', () => {
    const sourceFile = ts.createSourceFile(
      't.ts',
      'a && b(); c ? d() : e(); f(() => g()); h();',
      ts.ScriptTarget.Latest,
      true,
    );
    const calls: Record<string, boolean> = {};
    const visit = (node: ts.Node, statement: ts.Node) => {
      if (ts.isCallExpression(node)) calls[node.expression.getText(sourceFile)] = isUnconditionalIn(node, statement);
      ts.forEachChild(node, (child) => visit(child, statement));
    };
    for (const statement of sourceFile.statements) visit(statement, statement);
    expect(calls).toEqual({ b: false, d: false, e: false, f: true, g: false, h: true });
  });
});
