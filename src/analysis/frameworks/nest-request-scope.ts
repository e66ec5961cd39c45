/**
 * NestJS keeps controllers thin: the work, and the logging, happens in `@Injectable()` services that route handlers
 * call (`this.users.find(id)`). Such a service method runs inside the request — and inside the span HTTP
 * instrumentation opened for it — even though nothing in its own file says so. This module indexes, per package,
 * which service methods controller route handlers call, resolving `this.<field>` through the constructor's typed
 * parameter properties to the service class (one level: a service calling another service is not followed).
 */
import { dirname, resolve } from 'node:path';
import { ts } from '../../compiler.js';
import type { ModuleView } from '../modules/module-view.js';
import type { ProjectFacts } from '../modules/project.js';
import { importBindingOf } from '../modules/origin.js';
import { topLevelDeclaration } from '../modules/module-view.js';
import { isRequestHandler } from './request-scope.js';
import { listSources } from '../modules/package-sources.js';

/** `file#Class.method` of a service method → the route handler that calls it (`UsersController.get`). */
type NestCallIndex = Map<string, string>;

const indexes = new WeakMap<ProjectFacts, Map<string, NestCallIndex>>();

function decoratedWith(node: ts.Node, name: string): boolean {
  if (!ts.canHaveDecorators(node)) return false;
  return (ts.getDecorators(node) ?? []).some((decorator) => {
    const expression = decorator.expression;
    const callee = ts.isCallExpression(expression) ? expression.expression : expression;
    return ts.isIdentifier(callee) && callee.text === name;
  });
}

/** Constructor parameter properties with a type: `private readonly users: UsersService` → users ↦ UsersService. */
function injectedFields(cls: ts.ClassDeclaration): Map<string, ts.Identifier> {
  const fields = new Map<string, ts.Identifier>();
  const constructor = cls.members.find(ts.isConstructorDeclaration);
  for (const parameter of constructor?.parameters ?? []) {
    const isProperty = (ts.getModifiers(parameter)?.length ?? 0) > 0;
    if (!isProperty || !ts.isIdentifier(parameter.name) || !parameter.type || !ts.isTypeReferenceNode(parameter.type))
      continue;
    if (ts.isIdentifier(parameter.type.typeName)) fields.set(parameter.name.text, parameter.type.typeName);
  }
  return fields;
}

/** The file that declares the class a type name refers to: this file, or a local module it is imported from. */
function classFile(view: ModuleView, typeName: ts.Identifier): { file: string; name: string } | undefined {
  const declaration = topLevelDeclaration(view.sourceFile, typeName.text);
  if (!declaration) return undefined;
  if (ts.isClassDeclaration(declaration)) return { file: view.path, name: typeName.text };
  const imported = importBindingOf(view, declaration);
  if (!imported || imported.name === '*' || imported.name === 'default') return undefined;
  const file = view.project.resolveLocalModule(view.path, imported.module);
  return file ? { file, name: imported.name } : undefined;
}

function buildIndex(project: ProjectFacts, root: string): NestCallIndex {
  const index: NestCallIndex = new Map();
  for (const path of listSources(root)) {
    if (!project.text(path)?.includes('@Controller')) continue;
    const sourceFile = project.sourceFile(path);
    if (!sourceFile) continue;
    const view: ModuleView = { path, sourceFile, typed: false, project };
    for (const statement of sourceFile.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.name || !decoratedWith(statement, 'Controller')) continue;
      const fields = injectedFields(statement);
      for (const member of statement.members) {
        if (!ts.isMethodDeclaration(member) || !member.body || !isRequestHandler(member)) continue;
        const handler = `${statement.name.text}.${member.name.getText(sourceFile)}`;
        const visit = (node: ts.Node): void => {
          // this.<field>.<method>(…)
          if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
            const target = node.expression.expression;
            if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) {
              const typeName = fields.get(target.name.text);
              const service = typeName && classFile(view, typeName);
              if (service) {
                const key = `${resolve(service.file)}#${service.name}.${node.expression.name.text}`;
                if (!index.has(key)) index.set(key, handler);
              }
            }
          }
          ts.forEachChild(node, visit);
        };
        visit(member.body);
      }
    }
  }
  return index;
}

/**
 * When `node` is inside a method of an `@Injectable()` class that a controller route handler of the same package
 * calls, that method and the handler (`UsersController.get`).
 */
export function nestRequestCaller(
  view: ModuleView,
  node: ts.Node,
): { method: ts.MethodDeclaration; handler: string } | undefined {
  let method: ts.MethodDeclaration | undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isMethodDeclaration(current)) {
      method = current;
      break;
    }
  }
  const cls = method?.parent;
  if (!method || !cls || !ts.isClassDeclaration(cls) || !cls.name || !decoratedWith(cls, 'Injectable'))
    return undefined;
  const root = view.project.packageFor(view.path)?.path;
  const packageRoot = root ? dirname(root) : dirname(view.path);
  let perRoot = indexes.get(view.project);
  if (!perRoot) indexes.set(view.project, (perRoot = new Map()));
  let index = perRoot.get(packageRoot);
  if (!index) perRoot.set(packageRoot, (index = buildIndex(view.project, packageRoot)));
  const handler = index.get(`${resolve(view.path)}#${cls.name.text}.${method.name.getText(view.sourceFile)}`);
  return handler ? { method, handler } : undefined;
}
