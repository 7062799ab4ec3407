/**
 * The conventions of CONTRIBUTING.md that a machine can check, read from the source with the TypeScript parser:
 * function length, one error type, one object base, one reference contract, no locale-dependent ordering and no
 * DNS regex outside the shared validators.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', 'src');
const MAX_FUNCTION_LINES = 60;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [])
    .sort();
}

const FILES = sourceFiles(SRC).map(file => ({
  file: path.relative(path.join(SRC, '..'), file),
  source: ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
}));

/** Every node of every source file for which `pick` returns a description. */
function findAll(pick: (node: ts.Node, source: ts.SourceFile) => string | undefined): string[] {
  const found: string[] = [];
  for (const { file, source } of FILES) {
    const visit = (node: ts.Node): void => {
      const what = pick(node, source);
      if (what !== undefined) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${what}`);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function lineSpan(node: ts.Node, source: ts.SourceFile): number {
  return source.getLineAndCharacterOfPosition(node.end).line - source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
}

function functionName(node: ts.FunctionLikeDeclaration): string {
  if (ts.isConstructorDeclaration(node)) return `${(node.parent as ts.ClassDeclaration).name?.text ?? '<class>'}.constructor`;
  return node.name?.getText() ?? '<anonymous>';
}

describe('code shape (CONTRIBUTING.md)', () => {
  test('the checks see the sources', () => {
    expect(FILES.length).toBeGreaterThan(100);
  });

  test(`no function in src/ is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long = findAll((node, source) => {
      if (!ts.isFunctionLike(node) || !(node as ts.FunctionLikeDeclaration).body) return undefined;
      const lines = lineSpan(node, source);
      return lines > MAX_FUNCTION_LINES ? `${functionName(node as ts.FunctionLikeDeclaration)}: ${lines} lines` : undefined;
    });
    expect(long).toEqual([]);
  });

  // besides ValidationError: rethrowing what was caught, a helper call that builds the error (no `new Error`
  // anywhere, checked below), and two internal signals that never leave their modules: the regex analyser's budget
  // and the YAML writer's hand-over of a document to the yaml package
  const ALLOWED_THROW = /^(new ValidationError\(|new TooLarge\(\)$|HAND_OVER$|[a-z]\w*$|(this\.)?[a-z]\w*\()/;

  test('every throw is a ValidationError', () => {
    const plain = findAll(node => ts.isThrowStatement(node) && !ALLOWED_THROW.test(node.expression?.getText() ?? '')
      ? node.getText().slice(0, 60) : undefined);
    expect(plain).toEqual([]);
    const built = findAll(node => ts.isNewExpression(node) && node.expression.getText() === 'Error' ? 'new Error(...)' : undefined);
    expect(built).toEqual([]);
    // error classes: ValidationError and its subclasses, plus the analyser's internal signal
    const errorClasses = findAll(node => ts.isClassDeclaration(node) && (node.heritageClauses ?? []).some(h => h.types.some(t => t.expression.getText() === 'Error'))
      ? node.name?.text : undefined).map(line => line.split(' ').pop());
    expect(errorClasses.sort()).toEqual(['TooLarge', 'ValidationError']);
  });

  test('every object is owned through Resource: no raw ApiObject outside src/common/resource.ts', () => {
    // the one-pass render's self-check builds probe objects in an App of its own, which is never synthesized
    const allowed = [path.join('common', 'resource.ts'), path.join('common', 'object-render.ts')];
    const raw = findAll((node, source) => ts.isNewExpression(node) && node.expression.getText() === 'ApiObject'
      && !allowed.some(file => source.fileName.endsWith(file)) ? 'new ApiObject(...)' : undefined);
    expect(raw).toEqual([]);
  });

  test('every exported IFoo extends IResource or INamespacedResource, never IConstruct directly', () => {
    const direct = findAll(node => {
      if (!ts.isInterfaceDeclaration(node) || !/^I[A-Z]/.test(node.name.text)) return undefined;
      if (!(node.modifiers ?? []).some(m => m.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
      const bases = (node.heritageClauses ?? []).flatMap(h => h.types.map(t => t.expression.getText()));
      return bases.includes('IConstruct') && node.name.text !== 'IResource' ? `${node.name.text} extends IConstruct` : undefined;
    });
    expect(direct).toEqual([]);
  });

  test('no locale-dependent comparison or case mapping (output must not depend on LANG)', () => {
    const localeDependent = findAll(node => ts.isPropertyAccessExpression(node)
      && /^(localeCompare|toLocaleLowerCase|toLocaleUpperCase|toLocaleString)$/.test(node.name.text) ? node.name.text : undefined);
    expect(localeDependent).toEqual([]);
  });

  test('DNS-1123 regexes live in src/common/names.ts only', () => {
    const copies = findAll((node, source) => ts.isRegularExpressionLiteral(node)
      && node.text.includes('[a-z0-9]([-a-z0-9]*[a-z0-9])?')
      && !source.fileName.endsWith(path.join('common', 'names.ts')) ? node.text.slice(0, 40) : undefined);
    expect(copies).toEqual([]);
  });

  test('one domain for every label and annotation key the library writes: zero-trust.cdk8s.io/', () => {
    const keys = findAll(node => (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
      && /zero-trust[^/\s]*\//.test(node.text) && !node.text.startsWith('zero-trust.cdk8s.io/') ? node.text : undefined);
    expect(keys).toEqual([]);
  });

  test('no cdk8s @internal API (members starting with an underscore on cdk8s objects)', () => {
    const internal = findAll(node => ts.isPropertyAccessExpression(node) && /^_toJson$/.test(node.name.text) ? node.getText() : undefined);
    expect(internal).toEqual([]);
  });

  test('the checks can fail: a long function, a plain throw and localeCompare are found in a sample', () => {
    const sample = ts.createSourceFile('sample.ts', [
      'function long() {', ...Array.from({ length: MAX_FUNCTION_LINES }, (_, i) => `  const v${i} = ${i};`), '}',
      'function bad() { throw new Error("x"); }',
      'const s = ["b", "a"].sort((a, b) => a.localeCompare(b));',
    ].join('\n'), ts.ScriptTarget.Latest, true);
    const kinds: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionDeclaration(node) && lineSpan(node, sample) > MAX_FUNCTION_LINES) kinds.push('long');
      if (ts.isThrowStatement(node) && !ALLOWED_THROW.test(node.expression.getText())) kinds.push('throw');
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'localeCompare') kinds.push('locale');
      ts.forEachChild(node, visit);
    };
    visit(sample);
    expect(kinds).toEqual(['long', 'throw', 'locale']);
  });
});
