import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The rule that no prop is meant for a secret value: credentials are referenced (a Secret and key, a path in a
 * secret manager, a generator), never passed in. This test reads the exported declarations of src/ and fails on
 * any public property or parameter whose name says it holds a secret value and whose type can hold one (a
 * string, or a collection of strings). Props that take free text (scripts, templates, headers, Helm values) could
 * still carry one by accident: those refuse a credential at construction (test/common/literals.test.ts and each
 * domain's literal-credential tests).
 */
const SECRET_VALUE_NAME = /(password|passphrase|token|privatekey|apikey|secretaccesskey|clientsecret|pem|credentials?)$/i;
/** `acknowledgeStaticCredentials: 'reason'` names what is acknowledged; its value is a written reason. */
const ACKNOWLEDGEMENT = /^acknowledge[A-Z]/;

interface Violation { readonly file: string; readonly where: string }

export function findSecretValueInputs(fileName: string, source: string): Violation[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const out: Violation[] = [];
  const check = (owner: string, name: string, type: ts.TypeNode | undefined) => {
    if (SECRET_VALUE_NAME.test(name) && !ACKNOWLEDGEMENT.test(name) && type && holdsStrings(type)) out.push({ file: fileName, where: `${owner}.${name}: ${type.getText(sf)}` });
  };
  const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some(m => m.kind === ts.SyntaxKind.ExportKeyword);
  const isPrivate = (n: ts.Node) => ts.canHaveModifiers(n)
    && (ts.getModifiers(n) ?? []).some(m => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
  sf.forEachChild(node => {
    if (ts.isInterfaceDeclaration(node) && isExported(node)) {
      for (const m of node.members) {
        if (ts.isPropertySignature(m) && m.name) check(node.name.text, m.name.getText(sf), m.type);
        if (ts.isMethodSignature(m)) m.parameters.forEach(p => check(`${node.name.text}.${m.name.getText(sf)}()`, p.name.getText(sf), p.type));
      }
    }
    if (ts.isClassDeclaration(node) && isExported(node) && node.name) {
      for (const m of node.members) {
        if (isPrivate(m) || (m.name && m.name.getText(sf).startsWith('_'))) continue;
        if ((ts.isMethodDeclaration(m) || ts.isConstructorDeclaration(m))) {
          const method = ts.isConstructorDeclaration(m) ? 'constructor' : m.name.getText(sf);
          m.parameters.forEach(p => check(`${node.name!.text}.${method}()`, p.name.getText(sf), p.type));
        }
        if (ts.isPropertyDeclaration(m)) check(node.name.text, m.name.getText(sf), m.type);
      }
    }
  });
  return out;
}

function holdsStrings(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.StringKeyword || type.kind === ts.SyntaxKind.AnyKeyword) return true;
  if (ts.isArrayTypeNode(type)) return holdsStrings(type.elementType);
  if (ts.isUnionTypeNode(type)) return type.types.some(holdsStrings);
  if (ts.isTypeLiteralNode(type)) return type.members.some(m => ts.isIndexSignatureDeclaration(m) && holdsStrings(m.type));
  if (ts.isTypeReferenceNode(type) && type.typeName.getText() === 'Record') return holdsStrings(type.typeArguments![1]);
  return false;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('no prop is meant for a secret value', () => {
  test('src/ has no exported property or parameter that takes one', () => {
    const srcDir = path.resolve(__dirname, '../../src');
    const violations = sourceFiles(srcDir).flatMap(f => findSecretValueInputs(path.relative(srcDir, f), fs.readFileSync(f, 'utf8')));
    expect(violations).toEqual([]);
  });

  test('the check finds secret values in props, constructor and method parameters', () => {
    const sample = `
      export interface DbProps {
        readonly password?: string; readonly passwordSecretRef?: string; readonly tokenTtl?: string; readonly acknowledgeStaticCredentials?: string;
      }
      export interface IStore { login(apiToken: string): void }
      export class Repo { constructor(scope: any, githubAppPrivateKey: string) {} addCredentials(credentials: Record<string, string>) {} private token: string = '' }
      interface NotExported { readonly password: string }
    `;
    expect(findSecretValueInputs('sample.ts', sample).map(v => v.where)).toEqual([
      'DbProps.password: string',
      'IStore.login().apiToken: string',
      'Repo.constructor().githubAppPrivateKey: string',
      'Repo.addCredentials().credentials: Record<string, string>',
    ]);
  });
});
