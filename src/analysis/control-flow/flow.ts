/**
 * A control-flow graph per function body, at statement granularity, with exceptional edges, and the path query
 * "from here, which ways out of the function avoid X?".
 *
 * - Nodes are statements, conditions (`if`, loops, `switch`) and the synthetic entry, exits and joins.
 *   Within one statement, short-circuit (`&&`, `||`, `??`, `?:`, `?.`) is handled by `isUnconditionalIn`: a call
 *   under one of those operators is not certain to run when its statement runs.
 * - Every node has an exception edge to the innermost `catch`, a copy of the enclosing `finally`, or the
 *   throw exit. Queries decide which nodes can actually throw (a call, an `await`, …).
 * - `finally` blocks are built once per way of entering them (normal completion, return, break/continue, throw), so
 *   that each copy continues where its entry would: this keeps paths precise without a completion-type analysis.
 *
 * Over 400 lines on purpose: one graph builder (a method per statement kind) and the path query over the graph it
 * builds; the query depends on how the builder copies `finally` blocks and marks `leaves`, so they stay together.
 */
import { ts } from '../../compiler.js';
import { isFunctionLike, type FunctionLike } from '../syntax/ast.js';

export type EdgeKind = 'normal' | 'true' | 'false' | 'throw';

export type NodeRole = 'entry' | 'exit' | 'throw-exit' | 'step' | 'branch' | 'join' | 'end';

export type Leaving = 'return' | 'throw' | 'break' | 'continue';

export interface FlowNode {
  id: number;
  role: NodeRole;
  /** The statement or expression evaluated at this node. */
  ast?: ts.Node;
  edges: { to: FlowNode; kind: EdgeKind }[];
  /** Where an exception raised while evaluating `ast` goes. */
  exception?: FlowNode;
  /** For `return`/`throw`/`break`/`continue` statements. */
  leaves?: Leaving;
}

export interface FlowGraph {
  owner: FunctionLike | ts.SourceFile;
  entry: FlowNode;
  exit: FlowNode;
  throwExit: FlowNode;
  nodes: FlowNode[];
  /** The innermost node evaluating `node` (every node evaluating it, when `finally` copies exist). */
  nodesFor(node: ts.Node): FlowNode[];
}

type Tails = { from: FlowNode; kind: EdgeKind }[];

interface JumpTarget {
  label?: string;
  /** Collected `break` tails, joined after the statement. */
  breaks: Tails;
  /** Where `continue` goes (loops only). */
  continueTo?: FlowNode;
  /** Number of enclosing `finally` frames at the target. */
  finallyDepth: number;
}

interface FinallyFrame {
  block: ts.Block;
  context: Context;
}

interface Context {
  exception: () => FlowNode;
  targets: JumpTarget[];
  finallies: FinallyFrame[];
}

class GraphBuilder {
  readonly nodes: FlowNode[] = [];
  readonly byAst = new Map<ts.Node, FlowNode[]>();
  readonly entry = this.node('entry');
  readonly exit = this.node('exit');
  readonly throwExit = this.node('throw-exit');
  private pendingLabel: string | undefined;

  node(role: NodeRole, ast?: ts.Node): FlowNode {
    const node: FlowNode = { id: this.nodes.length, role, ast, edges: [] };
    this.nodes.push(node);
    if (ast) {
      const list = this.byAst.get(ast);
      if (list) list.push(node);
      else this.byAst.set(ast, [node]);
    }
    return node;
  }

  link(tails: Tails, to: FlowNode): void {
    for (const tail of tails) tail.from.edges.push({ to, kind: tail.kind });
  }

  step(ast: ts.Node, tails: Tails, context: Context, role: NodeRole = 'step'): FlowNode {
    const node = this.node(role, ast);
    this.link(tails, node);
    node.exception = context.exception();
    return node;
  }

  statements(statements: readonly ts.Statement[], tails: Tails, context: Context): Tails {
    let current = tails;
    for (const statement of statements) current = this.statement(statement, current, context);
    return current;
  }

  /** Routes a jump through the `finally` blocks between here and `depth`, returning the tails after them. */
  throughFinallies(tails: Tails, context: Context, depth: number): Tails {
    let current = tails;
    for (let i = context.finallies.length - 1; i >= depth; i--) {
      const frame = context.finallies[i]!;
      current = this.statement(frame.block, current, frame.context);
    }
    return current;
  }

  private loopTarget(context: Context, continueTo: FlowNode | undefined): { target: JumpTarget; inner: Context } {
    const target: JumpTarget = {
      label: this.pendingLabel,
      breaks: [],
      continueTo,
      finallyDepth: context.finallies.length,
    };
    this.pendingLabel = undefined;
    return { target, inner: { ...context, targets: [...context.targets, target] } };
  }

  statement(statement: ts.Statement, tails: Tails, context: Context): Tails {
    switch (statement.kind) {
      case ts.SyntaxKind.Block:
        return this.statements((statement as ts.Block).statements, tails, context);
      case ts.SyntaxKind.EmptyStatement:
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.InterfaceDeclaration:
      case ts.SyntaxKind.TypeAliasDeclaration:
      case ts.SyntaxKind.ModuleDeclaration:
      case ts.SyntaxKind.ImportDeclaration:
      case ts.SyntaxKind.ExportDeclaration:
        return tails;
      case ts.SyntaxKind.IfStatement: {
        const ifStatement = statement as ts.IfStatement;
        const condition = this.step(ifStatement.expression, tails, context, 'branch');
        const whenTrue = this.statement(ifStatement.thenStatement, [{ from: condition, kind: 'true' }], context);
        const whenFalse = ifStatement.elseStatement
          ? this.statement(ifStatement.elseStatement, [{ from: condition, kind: 'false' }], context)
          : [{ from: condition, kind: 'false' as const }];
        return [...whenTrue, ...whenFalse];
      }
      case ts.SyntaxKind.ReturnStatement: {
        const node = this.step(statement, tails, context);
        node.leaves = 'return';
        this.link(this.throughFinallies([{ from: node, kind: 'normal' }], context, 0), this.exit);
        return [];
      }
      case ts.SyntaxKind.ThrowStatement: {
        const node = this.step(statement, tails, context);
        node.leaves = 'throw';
        node.edges.push({ to: context.exception(), kind: 'throw' });
        return [];
      }
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ContinueStatement: {
        const jump = statement as ts.BreakOrContinueStatement;
        const isBreak = statement.kind === ts.SyntaxKind.BreakStatement;
        const node = this.node('step', statement);
        this.link(tails, node);
        node.leaves = isBreak ? 'break' : 'continue';
        const label = jump.label?.text;
        const target = [...context.targets]
          .reverse()
          .find((t) => (label ? t.label === label : isBreak || t.continueTo) && (isBreak || t.continueTo));
        if (!target) return [];
        const after = this.throughFinallies([{ from: node, kind: 'normal' }], context, target.finallyDepth);
        if (isBreak) target.breaks.push(...after);
        else this.link(after, target.continueTo!);
        return [];
      }
      case ts.SyntaxKind.LabeledStatement: {
        const labeled = statement as ts.LabeledStatement;
        const isLoop = ts.isIterationStatement(labeled.statement, false);
        if (isLoop) {
          this.pendingLabel = labeled.label.text;
          return this.statement(labeled.statement, tails, context);
        }
        const target: JumpTarget = { label: labeled.label.text, breaks: [], finallyDepth: context.finallies.length };
        const after = this.statement(labeled.statement, tails, { ...context, targets: [...context.targets, target] });
        return [...after, ...target.breaks];
      }
      case ts.SyntaxKind.WhileStatement: {
        const loop = statement as ts.WhileStatement;
        const condition = this.step(loop.expression, tails, context, 'branch');
        const { target, inner } = this.loopTarget(context, condition);
        this.link(this.statement(loop.statement, [{ from: condition, kind: 'true' }], inner), condition);
        const exits: Tails =
          loop.expression.kind === ts.SyntaxKind.TrueKeyword ? [] : [{ from: condition, kind: 'false' }];
        return [...exits, ...target.breaks];
      }
      case ts.SyntaxKind.DoStatement: {
        const loop = statement as ts.DoStatement;
        const top = this.node('join');
        this.link(tails, top);
        const beforeCondition = this.node('join');
        const { target, inner } = this.loopTarget(context, beforeCondition);
        this.link(this.statement(loop.statement, [{ from: top, kind: 'normal' }], inner), beforeCondition);
        const condition = this.step(loop.expression, [{ from: beforeCondition, kind: 'normal' }], context, 'branch');
        this.link([{ from: condition, kind: 'true' }], top);
        const exits: Tails =
          loop.expression.kind === ts.SyntaxKind.TrueKeyword ? [] : [{ from: condition, kind: 'false' }];
        return [...exits, ...target.breaks];
      }
      case ts.SyntaxKind.ForStatement: {
        const loop = statement as ts.ForStatement;
        let current = tails;
        if (loop.initializer) current = [{ from: this.step(loop.initializer, current, context), kind: 'normal' }];
        const head = loop.condition ? this.step(loop.condition, current, context, 'branch') : this.node('join');
        if (!loop.condition) this.link(current, head);
        const increment = loop.incrementor ? this.node('step', loop.incrementor) : head;
        if (loop.incrementor) {
          increment.exception = context.exception();
          this.link([{ from: increment, kind: 'normal' }], head);
        }
        const { target, inner } = this.loopTarget(context, increment);
        this.link(
          this.statement(loop.statement, [{ from: head, kind: loop.condition ? 'true' : 'normal' }], inner),
          increment,
        );
        const infinite = !loop.condition || loop.condition.kind === ts.SyntaxKind.TrueKeyword;
        return [...(infinite ? [] : [{ from: head, kind: 'false' as const }]), ...target.breaks];
      }
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement: {
        const loop = statement as ts.ForOfStatement | ts.ForInStatement;
        const head = this.step(loop.expression, tails, context, 'branch');
        const { target, inner } = this.loopTarget(context, head);
        this.link(this.statement(loop.statement, [{ from: head, kind: 'true' }], inner), head);
        return [{ from: head, kind: 'false' }, ...target.breaks];
      }
      case ts.SyntaxKind.SwitchStatement: {
        const switchStatement = statement as ts.SwitchStatement;
        const discriminant = this.step(switchStatement.expression, tails, context, 'branch');
        const target: JumpTarget = { label: this.pendingLabel, breaks: [], finallyDepth: context.finallies.length };
        this.pendingLabel = undefined;
        const inner = { ...context, targets: [...context.targets, target] };
        let fallthrough: Tails = [];
        let hasDefault = false;
        for (const clause of switchStatement.caseBlock.clauses) {
          if (ts.isDefaultClause(clause)) hasDefault = true;
          fallthrough = this.statements(
            clause.statements,
            [{ from: discriminant, kind: 'normal' }, ...fallthrough],
            inner,
          );
        }
        return [
          ...fallthrough,
          ...target.breaks,
          ...(hasDefault ? [] : [{ from: discriminant, kind: 'normal' as const }]),
        ];
      }
      case ts.SyntaxKind.TryStatement:
        return this.tryStatement(statement as ts.TryStatement, tails, context);
      default:
        return [{ from: this.step(statement, tails, context), kind: 'normal' }];
    }
  }

  private tryStatement(statement: ts.TryStatement, tails: Tails, context: Context): Tails {
    const { tryBlock, catchClause, finallyBlock } = statement;
    let throwCopy: FlowNode | undefined;
    // An exception that nobody catches here runs the finally block, then propagates.
    const finallyOnThrow = (): FlowNode => {
      if (!finallyBlock) return context.exception();
      if (!throwCopy) {
        throwCopy = this.node('join');
        const after = this.statement(finallyBlock, [{ from: throwCopy, kind: 'normal' }], context);
        for (const tail of after) tail.from.edges.push({ to: context.exception(), kind: 'throw' });
      }
      return throwCopy;
    };
    const finallies = finallyBlock ? [...context.finallies, { block: finallyBlock, context }] : context.finallies;
    let catchEntry: FlowNode | undefined;
    const tryContext: Context = {
      exception: catchClause ? () => (catchEntry ??= this.node('join', catchClause)) : finallyOnThrow,
      targets: context.targets,
      finallies,
    };
    let normal = this.statement(tryBlock, tails, tryContext);
    if (catchClause) {
      catchEntry ??= this.node('join', catchClause);
      const catchContext: Context = { exception: finallyOnThrow, targets: context.targets, finallies };
      normal = [...normal, ...this.statement(catchClause.block, [{ from: catchEntry, kind: 'normal' }], catchContext)];
    }
    if (!finallyBlock) return normal;
    if (normal.length === 0) return [];
    return this.statement(finallyBlock, normal, context);
  }
}

const cache = new WeakMap<ts.Node, FlowGraph>();

/** The control-flow graph of a function's body (or a module's top level). Memoised per node. */
export function flowGraphOf(owner: FunctionLike | ts.SourceFile): FlowGraph {
  const cached = cache.get(owner);
  if (cached) return cached;
  const builder = new GraphBuilder();
  const context: Context = { exception: () => builder.throwExit, targets: [], finallies: [] };
  const start: Tails = [{ from: builder.entry, kind: 'normal' }];
  let tails: Tails;
  const body = ts.isSourceFile(owner) ? owner : owner.body;
  if (!body) tails = start;
  else if (ts.isSourceFile(body)) tails = builder.statements(body.statements, start, context);
  else if (ts.isBlock(body)) tails = builder.statements(body.statements, start, context);
  else {
    // Arrow function with an expression body: evaluating it is the return.
    const node = builder.step(body, start, context);
    node.leaves = 'return';
    tails = [{ from: node, kind: 'normal' }];
  }
  const end = builder.node('end');
  builder.link(tails, end);
  builder.link([{ from: end, kind: 'normal' }], builder.exit);
  const graph: FlowGraph = {
    owner,
    entry: builder.entry,
    exit: builder.exit,
    throwExit: builder.throwExit,
    nodes: builder.nodes,
    nodesFor(node) {
      for (let current: ts.Node | undefined = node; current && current !== owner; current = current.parent) {
        const found = builder.byAst.get(current);
        if (found) return found;
        if (isFunctionLike(current) && current !== node) return [];
      }
      return [];
    },
  };
  cache.set(owner, graph);
  return graph;
}

/**
 * Is `node` certain to be evaluated whenever `container` (a statement or expression) is? False under `&&`, `||`,
 * `??`, `?:`, after a `?.`, or inside a nested function.
 */
export function isUnconditionalIn(node: ts.Node, container: ts.Node): boolean {
  for (let current = node; current !== container; current = current.parent) {
    const parent = current.parent;
    if (!parent) return false;
    if (isFunctionLike(parent) || ts.isClassLike(parent)) return false;
    if (ts.isBinaryExpression(parent) && parent.right === current) {
      const operator = parent.operatorToken.kind;
      if (
        operator === ts.SyntaxKind.AmpersandAmpersandToken ||
        operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.QuestionQuestionToken ||
        operator === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
        operator === ts.SyntaxKind.BarBarEqualsToken ||
        operator === ts.SyntaxKind.QuestionQuestionEqualsToken
      ) {
        return false;
      }
    }
    if (ts.isConditionalExpression(parent) && parent.condition !== current) return false;
  }
  return true;
}

export type ExitKind = 'return' | 'throw' | 'exception' | 'end' | 'loop';

export interface LeakingExit {
  kind: ExitKind;
  /** The node responsible: the `return`/`throw`, the throwing statement, the function end, or the jump back. */
  node: FlowNode;
}

export interface PathQuery {
  /** Reaching this node closes the path (e.g. it ends the span). */
  closes(node: FlowNode): boolean;
  /** Whether evaluating this node can throw (its exception edge is a path). */
  canThrow(node: FlowNode): boolean;
  /** Edges that cannot be taken (e.g. the false branch of `if (span)`). */
  infeasible?(node: FlowNode, kind: EdgeKind): boolean;
}

/**
 * Every way out of the function from `start` (exclusive) that reaches neither a closing node nor `start` again.
 * Reaching `start` again (a loop) re-runs it while the previous value is still open: that is a leak as well.
 * Results are deduplicated by responsible node and sorted by position.
 */
export function exitsAvoiding(graph: FlowGraph, start: FlowNode, query: PathQuery): LeakingExit[] {
  const leaks = new Map<string, LeakingExit>();
  const visited = new Set<string>();
  type Origin = { kind: ExitKind; node: FlowNode } | undefined;
  const stack: { node: FlowNode; origin: Origin }[] = [];
  const push = (from: FlowNode, origin: Origin) => {
    for (const edge of from.edges) {
      if (query.infeasible?.(from, edge.kind)) continue;
      let next: Origin = origin;
      if (edge.kind === 'throw' && from.leaves === 'throw') next = { kind: 'throw', node: from };
      stack.push({ node: edge.to, origin: next });
    }
  };
  push(start, undefined);
  while (stack.length > 0) {
    const { node, origin } = stack.pop()!;
    const key = `${node.id}:${origin?.kind ?? ''}:${origin?.node.id ?? ''}`;
    if (visited.has(key)) continue;
    visited.add(key);
    if (node === start) {
      const leak: LeakingExit = { kind: 'loop', node: origin?.kind === 'loop' ? origin.node : start };
      leaks.set(`loop:${leak.node.id}`, leak);
      continue;
    }
    if (node === graph.exit || node === graph.throwExit) {
      const leak: LeakingExit = origin ?? { kind: 'end', node };
      leaks.set(`${leak.kind}:${leak.node.id}`, leak);
      continue;
    }
    if (query.closes(node)) continue;
    let origin2: Origin = origin;
    if (node.leaves === 'return') origin2 = { kind: 'return', node };
    else if (node.role === 'end') origin2 = { kind: 'end', node };
    else if (node.leaves === 'continue') origin2 = { kind: 'loop', node };
    push(node, origin2);
    if (node.exception && node.leaves !== 'throw' && query.canThrow(node)) {
      stack.push({ node: node.exception, origin: { kind: 'exception', node } });
    }
  }
  const position = (leak: LeakingExit) => leak.node.ast?.getStart() ?? Number.MAX_SAFE_INTEGER;
  return [...leaks.values()].sort((a, b) => position(a) - position(b));
}
