import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { sharedPath } from './shared';

/** One `onCreate` case of openshift/api's Authentication CRD tests (../shared/crds/openshift-api/tests). */
export interface OpenShiftCreateCase {
  readonly file: string;
  readonly name: string;
  /** The object the case creates. */
  readonly initial: any;
  /** The object the API server stores, when it accepts the case. */
  readonly expected?: any;
  /** A substring of the API server's error, when it rejects the case. */
  readonly expectedError?: string;
  /** The feature gates the case's suite needs. */
  readonly featureGates: string[];
}

/** Every onCreate case, in file order. Used by the harness agreement test and the identity API oracle. */
export function openShiftCreateCases(): OpenShiftCreateCase[] {
  const dir = sharedPath('crds', 'openshift-api', 'tests');
  return fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort().flatMap(file => {
    const suite = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    return (suite.tests?.onCreate ?? []).map((c: any) => ({
      file,
      name: c.name,
      initial: YAML.parse(c.initial),
      expected: c.expected ? YAML.parse(c.expected) : undefined,
      expectedError: c.expectedError,
      featureGates: suite.featureGates ?? [],
    }));
  });
}
