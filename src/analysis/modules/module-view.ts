/**
 * One module as analyses see it: its syntax tree, and a way to go from an identifier to its declaration.
 * Files being linted have a checker; local modules followed for cross-file facts are resolved by their top level.
 */
import { ts } from '../../compiler.js';
import type { ProjectFacts } from './project.js';
import { lexicalDeclaration } from '../syntax/scope.js';

export interface ModuleView {
  readonly path: string;
  readonly sourceFile: ts.SourceFile;
  readonly checker?: ts.TypeChecker;
  /** True when the checker has the project's real types (typed mode). */
  readonly typed: boolean;
  readonly project: ProjectFacts;
}

/** The declaration an identifier refers to, or undefined when unknown (globals, unresolved). */
export function declarationOf(view: ModuleView, identifier: ts.Identifier): ts.Declaration | undefined {
  if (view.checker) {
    // `{ span }` names the property; the value is the variable.
    if (
      identifier.parent &&
      ts.isShorthandPropertyAssignment(identifier.parent) &&
      identifier.parent.name === identifier
    ) {
      return view.checker.getShorthandAssignmentValueSymbol(identifier.parent)?.declarations?.[0];
    }
    const symbol = view.checker.getSymbolAtLocation(identifier);
    const declaration = symbol?.declarations?.[0];
    return declaration;
  }
  return lexicalDeclaration(identifier) ?? topLevelDeclaration(view.sourceFile, identifier.text);
}

const topLevelCache = new WeakMap<ts.SourceFile, Map<string, ts.Declaration>>();

/** A name declared at module top level: variables (with destructuring), functions, classes, enums and imports. */
export function topLevelDeclaration(sourceFile: ts.SourceFile, name: string): ts.Declaration | undefined {
  let table = topLevelCache.get(sourceFile);
  if (!table) {
    table = new Map();
    const add = (nameNode: ts.BindingName | ts.Identifier | undefined, declaration: ts.Declaration) => {
      if (!nameNode) return;
      if (ts.isIdentifier(nameNode)) {
        if (!table!.has(nameNode.text)) table!.set(nameNode.text, declaration);
        return;
      }
      for (const element of nameNode.elements) if (!ts.isOmittedExpression(element)) add(element.name, element);
    };
    for (const statement of sourceFile.statements) {
      if (ts.isVariableStatement(statement))
        for (const declaration of statement.declarationList.declarations) add(declaration.name, declaration);
      else if (
        (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
        statement.name
      )
        add(statement.name, statement);
      else if (ts.isImportDeclaration(statement) && statement.importClause) {
        const clause = statement.importClause;
        if (clause.name) add(clause.name, clause);
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name, bindings);
        if (bindings && ts.isNamedImports(bindings))
          for (const element of bindings.elements) add(element.name, element);
      } else if (ts.isImportEqualsDeclaration(statement)) add(statement.name, statement);
    }
    topLevelCache.set(sourceFile, table);
  }
  return table.get(name);
}

/**
 * What a module exports under `name` ('default' for the default export): the declaration or expression that
 * defines it. Covers ESM (`export const`, `export { a as b }`, `export default`) and CommonJS
 * (`exports.x =`, `module.exports.x =`, `module.exports = { x }`).
 */
export function exportedValue(sourceFile: ts.SourceFile, name: string): ts.Node | undefined {
  for (const statement of sourceFile.statements) {
    const exported =
      ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault =
      ts.canHaveModifiers(statement) &&
      ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (exported && ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration;
      }
    }
    if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))) {
      if ((isDefault && name === 'default') || statement.name?.text === name) return statement;
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === 'default')
      return statement.expression;
    if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        if (element.name.text === name)
          return topLevelDeclaration(sourceFile, (element.propertyName ?? element.name).getText(sourceFile));
      }
    }
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      const { left, right } = statement.expression;
      const target = left.getText(sourceFile);
      if (target === `exports.${name}` || target === `module.exports.${name}`) return right;
      if (target === 'module.exports' && ts.isObjectLiteralExpression(right)) {
        for (const property of right.properties) {
          if (ts.isPropertyAssignment(property) && property.name.getText(sourceFile) === name)
            return property.initializer;
          if (ts.isShorthandPropertyAssignment(property) && property.name.text === name)
            return topLevelDeclaration(sourceFile, name);
        }
      }
      if (target === 'module.exports' && name === 'default') return right;
    }
  }
  return undefined;
}

/**
 * Does this identifier name a global (`setTimeout`, `Date`, `Promise`, `console`)? In syntax mode nothing declares
 * them; in typed mode the standard library and `@types/*` do — a declaration in a `.d.ts` file is still the global,
 * while a local variable or an import of the same name is not.
 */
export function isGlobalReference(view: ModuleView, identifier: ts.Identifier): boolean {
  const declaration = declarationOf(view, identifier);
  if (!declaration) return true;
  if (!declaration.getSourceFile().isDeclarationFile) return false;
  return !(
    ts.isImportSpecifier(declaration) ||
    ts.isImportClause(declaration) ||
    ts.isNamespaceImport(declaration) ||
    ts.isImportEqualsDeclaration(declaration)
  );
}
