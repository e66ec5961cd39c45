/**
 * Identifier → declaration for modules read without a checker (local modules followed across files): a lexical
 * lookup through parameters, block-scoped and function-scoped declarations, loop and catch variables. With a checker
 * (the linted file) the checker answers; `declarationOf` in modules/module-view.ts chooses.
 */
import { ts } from '../../compiler.js';
import { isFunctionLike } from './ast.js';

function bindsName(name: ts.BindingName, text: string): ts.Declaration | undefined {
  if (ts.isIdentifier(name)) return undefined;
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) {
      if (element.name.text === text) return element;
    } else {
      const inner = bindsName(element.name, text);
      if (inner) return inner;
    }
  }
  return undefined;
}

function declared(
  declaration: ts.VariableDeclaration | ts.ParameterDeclaration,
  text: string,
): ts.Declaration | undefined {
  if (ts.isIdentifier(declaration.name)) return declaration.name.text === text ? declaration : undefined;
  return bindsName(declaration.name, text);
}

function inStatements(statements: readonly ts.Statement[], text: string): ts.Declaration | undefined {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const found = declared(declaration, text);
        if (found) return found;
      }
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name?.text === text
    ) {
      return statement;
    }
  }
  return undefined;
}

/** The nearest declaration of `identifier`'s name in scope, found by walking up the syntax tree. */
export function lexicalDeclaration(identifier: ts.Identifier): ts.Declaration | undefined {
  const text = identifier.text;
  for (let current: ts.Node | undefined = identifier.parent; current; current = current.parent) {
    if (isFunctionLike(current)) {
      for (const parameter of current.parameters) {
        const found = declared(parameter, text);
        if (found) return found;
      }
      if ((ts.isFunctionExpression(current) || ts.isFunctionDeclaration(current)) && current.name?.text === text)
        return current;
    } else if (
      ts.isBlock(current) ||
      ts.isModuleBlock(current) ||
      ts.isCaseClause(current) ||
      ts.isDefaultClause(current)
    ) {
      const found = inStatements(current.statements, text);
      if (found) return found;
    } else if (ts.isSourceFile(current)) {
      return undefined;
    } else if (
      (ts.isForOfStatement(current) || ts.isForInStatement(current) || ts.isForStatement(current)) &&
      current.initializer &&
      ts.isVariableDeclarationList(current.initializer)
    ) {
      for (const declaration of current.initializer.declarations) {
        const found = declared(declaration, text);
        if (found) return found;
      }
    } else if (ts.isCatchClause(current) && current.variableDeclaration) {
      const found = declared(current.variableDeclaration, text);
      if (found) return found;
    }
  }
  return undefined;
}
