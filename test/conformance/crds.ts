import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CRDS_DIR, sharedPath } from './shared';

/** The structural schema of one CRD version, as the API server uses it (descriptions dropped). */
export type Schema = { [key: string]: any };

/** One version of one upstream CRD. */
export interface CrdVersion {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated: boolean;
  /** OpenShift ships one CRD per feature set (annotation `release.openshift.io/feature-set`). */
  readonly featureSet?: string;
  readonly file: string;
  readonly schema: Schema;
}

const CACHE_DIR = path.resolve(__dirname, '../../.conformance-cache');

/** The feature set an OpenShift object is checked against unless a caller asks for another. */
export const DEFAULT_FEATURE_SET = 'Default';

let loaded: CrdVersion[] | undefined;

/** Every version of every CRD under ../shared/crds (parsed once, then read from a JSON cache). */
export function allCrdVersions(): CrdVersion[] {
  if (!loaded) {
    loaded = loadWithCache();
  }
  return loaded;
}

/**
 * Resolves `apiVersion`/`kind` to the CRD version the API server would use. `undefined` when no CRD in
 * ../shared defines the kind (core kinds, or a wrong group: the caller reports that).
 */
export function findCrd(apiVersion: string, kind: string, featureSet = DEFAULT_FEATURE_SET): CrdLookup {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const sameKind = allCrdVersions().filter(v => v.kind === kind);
  const sameGroup = sameKind.filter(v => v.group === group);
  if (sameGroup.length === 0) {
    return { otherGroups: [...new Set(sameKind.map(v => v.group))].sort() };
  }
  const variants = sameGroup.filter(v => v.featureSet === undefined || v.featureSet === featureSet);
  if (variants.length === 0) {
    throw new Error(`no ${kind} CRD for feature set '${featureSet}' (have: ${[...new Set(sameGroup.map(v => v.featureSet))].join(', ')})`);
  }
  return {
    knownGroup: true,
    match: variants.find(v => v.version === version),
    versions: variants,
  };
}

export interface CrdLookup {
  /** Groups that do define this kind, when the requested group does not. */
  readonly otherGroups?: string[];
  /** The requested group defines the kind. */
  readonly knownGroup?: boolean;
  /** The exact version, if the CRD lists it at all. */
  readonly match?: CrdVersion;
  /** Every version the CRD lists. */
  readonly versions?: CrdVersion[];
}

function crdFiles(): string[] {
  const files: string[] = [];
  for (const dir of fs.readdirSync(sharedPath('crds')).sort()) {
    const full = path.join(CRDS_DIR, dir);
    // openshift-api/tests holds test cases, not CRDs
    if (!fs.statSync(full).isDirectory()) continue;
    for (const f of fs.readdirSync(full).sort()) {
      if (f.endsWith('.yaml')) files.push(path.join(full, f));
    }
  }
  return files;
}

function loadWithCache(): CrdVersion[] {
  const files = crdFiles();
  const key = crypto.createHash('sha256');
  for (const f of files) {
    const st = fs.statSync(f);
    key.update(`${f}\0${st.size}\0${st.mtimeMs}\0`);
  }
  const cacheFile = path.join(CACHE_DIR, `crds-${key.digest('hex').slice(0, 16)}.json`);
  if (fs.existsSync(cacheFile)) {
    return JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  }
  const versions = files.flatMap(parseCrdFile);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // jest workers race on a cold cache: write to a private file, then rename atomically
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(versions));
  fs.renameSync(tmp, cacheFile);
  return versions;
}

function parseCrdFile(file: string): CrdVersion[] {
  const out: CrdVersion[] = [];
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const featureSet = crd.metadata?.annotations?.['release.openshift.io/feature-set'];
    for (const v of crd.spec.versions ?? []) {
      out.push({
        group: crd.spec.group,
        kind: crd.spec.names.kind,
        version: v.name,
        scope: crd.spec.scope,
        served: v.served === true,
        storage: v.storage === true,
        deprecated: v.deprecated === true,
        featureSet,
        file: path.relative(CRDS_DIR, file),
        schema: stripDescriptions(v.schema?.openAPIV3Schema ?? {}),
      });
    }
  }
  return out;
}

/** Descriptions are most of a CRD's bytes and play no part in validation. */
function stripDescriptions(schema: Schema): Schema {
  if (Array.isArray(schema)) return schema.map(stripDescriptions);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description' || k === 'example') continue;
    // `properties` and `default` hold data keyed by user names: keep every key, strip only below schemas
    if (k === 'properties') {
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([pk, pv]) => [pk, stripDescriptions(pv)]));
    } else if (k === 'default' || k === 'enum') {
      out[k] = v;
    } else {
      out[k] = stripDescriptions(v);
    }
  }
  return out;
}
