import { Case } from './case';
import { FIRST_CASES } from './first';
import { INVARIANT_CASES } from './invariants';
import { META_CASES } from './meta';
import { OLM_CASES } from './olm';
import { PATTERNS_CASES } from './patterns';
import { POD_CASES } from './pods';
import { RBAC_CASES } from './rbac';
import { SECRET_CASES } from './secrets';
import { TEKTON_CASES } from './tekton';

/** Cases of the rules added after the first 42, one file per family (the first 42 are in first.ts). */
export const FAMILY_CASES: Record<string, Case> = {
  ...META_CASES,
  ...SECRET_CASES,
  ...POD_CASES,
  ...RBAC_CASES,
  ...INVARIANT_CASES,
  ...PATTERNS_CASES,
  ...OLM_CASES,
  ...TEKTON_CASES,
};

/** The cases of every rule, by rule id. */
export const RULE_CASES: Record<string, Case> = { ...FAMILY_CASES, ...FIRST_CASES };
