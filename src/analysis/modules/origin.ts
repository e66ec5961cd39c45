/**
 * Where a value comes from: follows identifiers to their `const` initialisers, imports into local modules, and
 * `this.x` to the class field or constructor assignment — so that "a tracer imported from './telemetry'" or a
 * metric stored on a class field is recognised the same as one created inline.
 */
import { ts } from '../../compiler.js';
import { unwrap } from '../syntax/ast.js';
import { declarationOf, exportedValue, type ModuleView } from './module-view.js';

export interface ImportBinding {
  module: string;
  /** The exported name, 'default', or '*' for a namespace / CommonJS module object. */
  name: string;
}

export interface Origin {
  view: ModuleView;
  /** An expression that creates the value, or the declaration where following stopped (parameter, field, package import). */
  node: ts.Node;
  /** Set when following stopped at an import from a package. */
  imported?: ImportBinding;
}

const maxDepth = 6;
const viewCache = new WeakMap<ts.SourceFile, ModuleView>();

function requireSpecifier(expression: ts.Expression | undefined): string | undefined {
  if (!expression) return undefined;
  const inner = unwrap(expression);
  if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'require') {
    const argument = inner.arguments[0];
    if (argument && ts.isStringLiteralLike(argument)) return argument.text;
  }
  return undefined;
}

const bindingCache = new WeakMap<ts.Node, ImportBinding | null>();

/**
 * The import (ESM or `require`) that a declaration introduces, if any. When the module is one of the repository's
 * and only passes on a package's export (`export { trace } from '@opentelemetry/api'`, or an imported name exported
 * again, as a workspace `@internal/tracing` does), the answer is that package's binding: `trace` imported from such
 * a wrapper is OpenTelemetry's `trace`.
 */
export function importBindingOf(view: ModuleView, declaration: ts.Node): ImportBinding | undefined {
  const cached = bindingCache.get(declaration);
  if (cached !== undefined) return cached ?? undefined;
  const binding = directImportBinding(view, declaration);
  const result = binding && binding.name !== '*' ? (reExportedPackageBinding(view, binding, 0) ?? binding) : binding;
  bindingCache.set(declaration, result ?? null);
  return result;
}

/** The package binding a local module re-exports under `binding.name`, through a few local modules. */
function reExportedPackageBinding(view: ModuleView, binding: ImportBinding, depth: number): ImportBinding | undefined {
  if (depth > maxDepth) return undefined;
  const target = viewOfLocalModule(view, binding.module);
  const exported = target && resolveExport(target, binding.name);
  if (!exported || ts.isExpression(exported.node)) return undefined;
  const inner = directImportBinding(exported.view, exported.node);
  if (!inner) return undefined;
  if (!exported.view.project.isLocalModule(exported.view.path, inner.module)) return inner;
  return inner.name === '*' ? undefined : reExportedPackageBinding(exported.view, inner, depth + 1);
}

/** The import a declaration introduces, as written. */
function directImportBinding(view: ModuleView, declaration: ts.Node): ImportBinding | undefined {
  if (ts.isImportSpecifier(declaration)) {
    const module = declaration.parent.parent.parent.moduleSpecifier;
    if (!ts.isStringLiteral(module)) return undefined;
    return { module: module.text, name: (declaration.propertyName ?? declaration.name).text };
  }
  if (ts.isImportClause(declaration) && ts.isStringLiteral(declaration.parent.moduleSpecifier))
    return { module: declaration.parent.moduleSpecifier.text, name: 'default' };
  if (ts.isNamespaceImport(declaration) && ts.isStringLiteral(declaration.parent.parent.moduleSpecifier))
    return { module: declaration.parent.parent.moduleSpecifier.text, name: '*' };
  // `export { a as b } from 'm'`, met when following a re-export: the binding it passes on.
  if (
    ts.isExportSpecifier(declaration) &&
    declaration.parent.parent.moduleSpecifier &&
    ts.isStringLiteral(declaration.parent.parent.moduleSpecifier)
  )
    return {
      module: declaration.parent.parent.moduleSpecifier.text,
      name: (declaration.propertyName ?? declaration.name).text,
    };
  if (
    ts.isImportEqualsDeclaration(declaration) &&
    ts.isExternalModuleReference(declaration.moduleReference) &&
    ts.isStringLiteral(declaration.moduleReference.expression)
  ) {
    return { module: declaration.moduleReference.expression.text, name: '*' };
  }
  if (ts.isVariableDeclaration(declaration)) {
    const initializer = declaration.initializer && unwrap(declaration.initializer);
    const direct = requireSpecifier(initializer);
    if (direct) return { module: direct, name: '*' };
    if (initializer && (ts.isPropertyAccessExpression(initializer) || ts.isElementAccessExpression(initializer))) {
      const module = requireSpecifier(initializer.expression);
      const name = ts.isPropertyAccessExpression(initializer)
        ? initializer.name.text
        : ts.isStringLiteralLike(initializer.argumentExpression)
          ? initializer.argumentExpression.text
          : undefined;
      if (module && name) return { module, name };
    }
  }
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
    const variable = declaration.parent.parent;
    if (!ts.isVariableDeclaration(variable) || !variable.initializer) return undefined;
    const property = declaration.propertyName ?? declaration.name;
    if (!ts.isIdentifier(property) && !ts.isStringLiteral(property)) return undefined;
    const module = requireSpecifier(variable.initializer);
    if (module) return { module, name: property.text };
    // `const { trace } = api` where `api` is a namespace import
    const source = unwrap(variable.initializer);
    if (ts.isIdentifier(source)) {
      const sourceDeclaration = declarationOf(view, source);
      const parent = sourceDeclaration && importBindingOf(view, sourceDeclaration);
      if (parent && (parent.name === '*' || parent.name === 'default'))
        return { module: parent.module, name: property.text };
    }
  }
  return undefined;
}

export function viewOfLocalModule(from: ModuleView, specifier: string): ModuleView | undefined {
  const path = from.project.resolveLocalModule(from.path, specifier);
  if (!path) return undefined;
  const sourceFile = from.project.sourceFile(path);
  if (!sourceFile) return undefined;
  let view = viewCache.get(sourceFile);
  if (!view) viewCache.set(sourceFile, (view = { path, sourceFile, typed: false, project: from.project }));
  return view;
}

function classOf(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if ((ts.isFunctionExpression(current) || ts.isFunctionDeclaration(current)) && !ts.isClassLike(current.parent))
      return undefined;
  }
  return undefined;
}

/** `this.name`: the field initialiser, or the single constructor assignment `this.name = …`. */
function thisMemberOrigin(view: ModuleView, access: ts.PropertyAccessExpression, depth: number): Origin {
  const owner = classOf(access);
  if (!owner) return { view, node: access };
  const name = access.name.text;
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && member.name.getText(view.sourceFile) === name) {
      return member.initializer ? originOf(view, member.initializer, depth + 1) : { view, node: member };
    }
  }
  const constructor = owner.members.find(ts.isConstructorDeclaration);
  if (constructor?.body) {
    for (const statement of constructor.body.statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, right, operatorToken } = statement.expression;
      if (
        operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(left) &&
        left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        left.name.text === name
      ) {
        return originOf(view, right, depth + 1);
      }
    }
    const parameter = constructor.parameters.find(
      (p) => ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length,
    );
    if (parameter) return { view, node: parameter };
  }
  return { view, node: access };
}

export function originOf(view: ModuleView, expression: ts.Expression, depth = 0): Origin {
  const value = unwrap(expression);
  if (depth > maxDepth) return { view, node: value };
  if (ts.isIdentifier(value)) {
    const declaration = declarationOf(view, value);
    if (!declaration) return { view, node: value };
    return originOfDeclaration(view, declaration, depth);
  }
  if (ts.isPropertyAccessExpression(value) && value.expression.kind === ts.SyntaxKind.ThisKeyword)
    return thisMemberOrigin(view, value, depth);
  return { view, node: value };
}

/**
 * What a local module exports under `name`, following re-exports (`export { x } from './y'`, `export * from './y'`)
 * a few modules deep.
 */
export function resolveExport(
  view: ModuleView,
  name: string,
  depth = 0,
): { view: ModuleView; node: ts.Node } | undefined {
  if (depth > maxDepth) return undefined;
  const direct = exportedValue(view.sourceFile, name);
  if (direct) return { view, node: direct };
  for (const statement of view.sourceFile.statements) {
    if (
      !ts.isExportDeclaration(statement) ||
      !statement.moduleSpecifier ||
      !ts.isStringLiteral(statement.moduleSpecifier)
    )
      continue;
    const specifier = statement.moduleSpecifier.text;
    let importedName: string | undefined;
    let element: ts.ExportSpecifier | undefined;
    if (!statement.exportClause) importedName = name;
    else if (ts.isNamedExports(statement.exportClause)) {
      element = statement.exportClause.elements.find((e) => e.name.text === name);
      if (element) importedName = (element.propertyName ?? element.name).text;
    }
    if (!importedName) continue;
    const target = viewOfLocalModule(view, specifier);
    // `export { trace } from '@opentelemetry/api'`: the value is that package's (see `importBindingOf`).
    if (!target && element && !view.project.isLocalModule(view.path, specifier)) return { view, node: element };
    const found = target && resolveExport(target, importedName, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function originOfDeclaration(view: ModuleView, declaration: ts.Node, depth = 0): Origin {
  const imported = importBindingOf(view, declaration);
  if (imported) {
    // `const logger = require('./logger')` where the module does `module.exports = pino()`: the value itself.
    if (imported.name === '*') {
      const target = viewOfLocalModule(view, imported.module);
      const exported = target && exportedValue(target.sourceFile, 'default');
      if (target && exported && ts.isExpression(exported) && !ts.isObjectLiteralExpression(unwrap(exported)))
        return originOf(target, exported, depth + 1);
    }
    if (imported.name !== '*') {
      const target = viewOfLocalModule(view, imported.module);
      const exported = target && resolveExport(target, imported.name);
      if (exported) {
        if (ts.isExpression(exported.node)) return originOf(exported.view, exported.node, depth + 1);
        return originOfDeclaration(exported.view, exported.node, depth + 1);
      }
    }
    return { view, node: declaration, imported };
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const isConst = (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
    // `let`/`var` are followed too when never reassigned elsewhere is unknowable cheaply; their initialiser is still
    // the best evidence of what they hold.
    if (isConst || ts.isVariableDeclarationList(declaration.parent))
      return originOf(view, declaration.initializer, depth + 1);
  }
  return { view, node: declaration };
}
