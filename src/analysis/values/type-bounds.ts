/**
 * Syntax-mode reading of type annotations: does `Outcome`, `'ok' | 'error'`, `boolean` or an enum bound the values a
 * variable can hold? Type aliases and enums are resolved in the module itself and in local modules it imports
 * them from; anything computed (`(typeof X)[number]`, `keyof T`, `Order['status']`) needs the checker (typed mode).
 */
import { ts } from '../../compiler.js';
import type { ModuleView } from '../modules/module-view.js';
import { importBindingOf, viewOfLocalModule } from '../modules/origin.js';

/** `bounded`: a closed set; `open`: explicitly `string`/`number`/…; `unknown`: cannot tell without types. */
export type TypeVerdict = 'bounded' | 'open' | 'unknown';

type NamedType = ts.TypeAliasDeclaration | ts.EnumDeclaration | ts.InterfaceDeclaration | ts.ClassDeclaration;

function isNamedType(node: ts.Node): node is NamedType {
  return (
    ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isClassDeclaration(node)
  );
}

/** A type declared at the top level of a module, or imported into it (the import declaration is returned). */
function localType(sourceFile: ts.SourceFile, name: string): ts.Node | undefined {
  for (const statement of sourceFile.statements) {
    if (isNamedType(statement) && statement.name?.text === name) return statement;
    if (
      ts.isImportDeclaration(statement) &&
      statement.importClause?.namedBindings &&
      ts.isNamedImports(statement.importClause.namedBindings)
    ) {
      const element = statement.importClause.namedBindings.elements.find((e) => e.name.text === name);
      if (element) return element;
    }
  }
  return undefined;
}

/** The exported type alias or enum `name` of a module (`export type X = …`, `export enum X`, `export { X }`). */
export function exportedType(sourceFile: ts.SourceFile, name: string): NamedType | undefined {
  for (const statement of sourceFile.statements) {
    if (isNamedType(statement) && statement.name?.text === name) {
      const exported = ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (exported) return statement;
    }
    if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      const element = statement.exportClause.elements.find((e) => e.name.text === name);
      if (element) {
        const local = localType(sourceFile, (element.propertyName ?? element.name).text);
        if (local && isNamedType(local)) return local;
      }
    }
  }
  return undefined;
}

const maxDepth = 6;

export function typeNodeVerdict(view: ModuleView, node: ts.TypeNode, depth = 0): TypeVerdict {
  if (depth > maxDepth) return 'unknown';
  switch (node.kind) {
    case ts.SyntaxKind.BooleanKeyword:
    case ts.SyntaxKind.UndefinedKeyword:
    case ts.SyntaxKind.VoidKeyword:
    case ts.SyntaxKind.NeverKeyword:
      return 'bounded';
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BigIntKeyword:
    case ts.SyntaxKind.ObjectKeyword:
      return 'open';
  }
  if (ts.isLiteralTypeNode(node)) return 'bounded';
  if (ts.isParenthesizedTypeNode(node)) return typeNodeVerdict(view, node.type, depth + 1);
  if (ts.isUnionTypeNode(node)) {
    const verdicts = node.types.map((member) => typeNodeVerdict(view, member, depth + 1));
    if (verdicts.every((verdict) => verdict === 'bounded')) return 'bounded';
    return verdicts.includes('open') ? 'open' : 'unknown';
  }
  if (ts.isTypeReferenceNode(node)) {
    // `Status.Active`: an enum member type.
    if (ts.isQualifiedName(node.typeName)) {
      const owner = node.typeName.left;
      if (ts.isIdentifier(owner) && namedTypeVerdict(view, owner.text, depth) === 'bounded') return 'bounded';
      return 'unknown';
    }
    if (node.typeArguments?.length) return 'unknown';
    return namedTypeVerdict(view, node.typeName.text, depth);
  }
  return 'unknown';
}

function namedTypeVerdict(view: ModuleView, name: string, depth: number): TypeVerdict {
  const found = localType(view.sourceFile, name);
  if (!found) return 'unknown';
  if (ts.isImportSpecifier(found)) {
    const binding = importBindingOf(view, found);
    if (!binding || !view.project.isLocalModule(view.path, binding.module)) return 'unknown';
    const target = viewOfLocalModule(view, binding.module);
    const declaration = target && exportedType(target.sourceFile, binding.name);
    if (!target || !declaration) return 'unknown';
    return namedDeclarationVerdict(target, declaration, depth + 1);
  }
  return isNamedType(found) ? namedDeclarationVerdict(view, found, depth) : 'unknown';
}

function namedDeclarationVerdict(view: ModuleView, declaration: NamedType, depth: number): TypeVerdict {
  if (ts.isEnumDeclaration(declaration)) return 'bounded';
  if (ts.isTypeAliasDeclaration(declaration) && !declaration.typeParameters)
    return typeNodeVerdict(view, declaration.type, depth + 1);
  return 'unknown';
}
