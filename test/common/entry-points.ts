/**
 * The public entry points of the package that take props, read from the source with the TypeScript checker
 * (inherited props included): every constructor and method of an exported class whose parameter is a struct with
 * props declared without `?`, and the structs with required props nested inside it. The required-props tests hold
 * each to `requireProps` without anyone listing them.
 */
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', '..', 'src');

/** One public constructor or method taking a props object with required props. */
export interface EntryPoint {
  readonly className: string;
  /** The source file that declares the class. */
  readonly file: string;
  readonly member: 'new' | string;
  readonly isStatic: boolean;
  readonly params: readonly ParamInfo[];
  /** The position of the props parameter. */
  readonly propsAt: number;
  readonly propsType: string;
  readonly propsOptional: boolean;
  readonly required: readonly string[];
  /** The structs with required props inside the props, at any depth up to three (see `NestedSite`). */
  readonly nested: readonly NestedSite[];
}

/** A struct with required props inside a props object, e.g. `spoke.oidcClients[0]` (an array's first item). */
export interface NestedSite {
  /** Keys from the props object down to the struct; a number is an array index. */
  readonly path: readonly (string | number)[];
  readonly type: string;
  readonly required: readonly string[];
}

export interface ParamInfo {
  readonly name: string;
  readonly isString: boolean;
}

/** Every public constructor and method of the package's classes with a props parameter that has required props, at its top or nested. */
export function entryPoints(): EntryPoint[] {
  const program = ts.createProgram([path.join(SRC, 'index.ts')], {
    target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, noEmit: true, types: [],
  });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(SRC, 'index.ts'))!;
  const found: EntryPoint[] = [];
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(index)!)) {
    const symbol = hasFlag(exported.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(exported) : exported;
    if (!hasFlag(symbol.flags, ts.SymbolFlags.Class)) continue;
    const declaration = symbol.valueDeclaration as ts.ClassDeclaration;
    const name = symbol.name;
    const file = declaration.getSourceFile().fileName;
    const abstract = hasFlag(ts.getCombinedModifierFlags(declaration), ts.ModifierFlags.Abstract);
    const ctor = declaration.members.find(ts.isConstructorDeclaration);
    const staticType = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    if (!abstract && (ctor === undefined || isPublic(ctor))) {
      for (const signature of staticType.getConstructSignatures()) add(found, checker, { className: name, file }, 'new', false, signature);
    }
    for (const [isStatic, type] of [[true, staticType], [false, checker.getDeclaredTypeOfSymbol(symbol)]] as const) {
      for (const member of checker.getPropertiesOfType(type)) {
        const memberDeclaration = member.valueDeclaration ?? member.declarations?.[0];
        if (!hasFlag(member.flags, ts.SymbolFlags.Method) || memberDeclaration === undefined || member.name.startsWith('_')) continue;
        if (!memberDeclaration.getSourceFile().fileName.startsWith(SRC) || !isPublic(memberDeclaration)) continue;
        const memberType = checker.getTypeOfSymbolAtLocation(member, memberDeclaration);
        for (const signature of memberType.getCallSignatures()) add(found, checker, { className: name, file }, member.name, isStatic, signature);
      }
    }
  }
  return found;
}

/** Whether the TypeScript flag set `flags` holds `flag`. */
export function hasFlag(flags: number, flag: number): boolean {
  // eslint-disable-next-line no-bitwise
  return (flags & flag) !== 0;
}

function isPublic(declaration: ts.Declaration): boolean {
  const flags = ts.getCombinedModifierFlags(declaration);
  const internal = ts.getJSDocTags(declaration).some(t => t.tagName.text === 'internal');
  return !hasFlag(flags, ts.ModifierFlags.Private) && !hasFlag(flags, ts.ModifierFlags.Protected) && !internal;
}

function add(found: EntryPoint[], checker: ts.TypeChecker, owner: { className: string; file: string }, member: string, isStatic: boolean,
  signature: ts.Signature): void {
  const params = signature.getParameters().map(p => {
    const type = checker.getNonNullableType(checker.getTypeOfSymbol(p));
    return { symbol: p, type, name: p.name, isString: hasFlag(type.flags, ts.TypeFlags.StringLike) };
  });
  params.forEach((p, i) => {
    const structSymbol = structOf(p.type);
    if (structSymbol === undefined) return;
    const required = requiredOf(checker, p.type);
    const nested = nestedSites(checker, p.type, [], 0);
    if (required.length === 0 && nested.length === 0) return;
    const declaration = p.symbol.valueDeclaration as ts.ParameterDeclaration | undefined;
    const propsOptional = declaration !== undefined && (declaration.questionToken !== undefined || declaration.initializer !== undefined);
    found.push({
      ...owner,
      member,
      isStatic,
      params: params.map(({ name, isString }) => ({ name, isString })),
      propsAt: i,
      propsType: structSymbol.name,
      propsOptional,
      required,
      nested,
    });
  });
}

/** The symbol of a struct: an interface of ours that is not a behaviour (`IFoo`). */
function structOf(type: ts.Type): ts.Symbol | undefined {
  const symbol = type.getSymbol();
  const declaration = symbol?.declarations?.[0];
  if (symbol === undefined || !hasFlag(symbol.flags, ts.SymbolFlags.Interface) || /^I[A-Z]/.test(symbol.name)) return undefined;
  return declaration !== undefined && declaration.getSourceFile().fileName.startsWith(SRC) ? symbol : undefined;
}

function requiredOf(checker: ts.TypeChecker, type: ts.Type): string[] {
  return checker.getPropertiesOfType(type).filter(prop => !hasFlag(prop.flags, ts.SymbolFlags.Optional)).map(prop => prop.name);
}

const NESTED_DEPTH = 3;

function nestedSites(checker: ts.TypeChecker, type: ts.Type, prefix: readonly (string | number)[], depth: number): NestedSite[] {
  if (depth >= NESTED_DEPTH) return [];
  return checker.getPropertiesOfType(type).flatMap(prop => {
    let propType = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
    let at: (string | number)[] = [...prefix, prop.name];
    if (checker.isArrayType(propType)) {
      propType = checker.getTypeArguments(propType as ts.TypeReference)[0];
      at = [...at, 0];
    }
    const symbol = structOf(propType);
    if (symbol === undefined) return [];
    const required = requiredOf(checker, propType);
    const inner = nestedSites(checker, propType, at, depth + 1);
    return required.length === 0 ? inner : [{ path: at, type: symbol.name, required }, ...inner];
  });
}

