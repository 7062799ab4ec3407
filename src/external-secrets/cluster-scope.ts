import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { NamespaceSelectorOptions } from './namespace-condition';
import { ISecretStore, SecretStoreKind } from './secret-store-ref';
import { rejectTrackingMetadata } from './template';
import { renderDuration } from '../common/duration';
import { refuseCredentialsIn } from '../common/literals';
import { validateAnnotations, validateLabelKey, validateLabels, validateLabelValue } from '../common/names';
import { Compliance } from '../compliance/acknowledgement';
import { admitsEveryNamespace } from '../compliance/rules/selector-helpers';

/*
 * Helpers shared by the namespaced kinds (store reachability) and the cluster kinds that stamp a namespaced
 * object into selected namespaces (ClusterExternalSecret, ClusterPushSecret).
 */

/** Why `store` cannot serve an object in `namespace`, or nothing. */
export function storeNamespaceErrors(what: string, namespace: string | undefined, store: ISecretStore): string[] {
  if (store.storeKind === SecretStoreKind.SECRET_STORE && store.storeNamespace !== namespace) {
    return [`${what} in namespace ${namespace ?? '(none)'} cannot use SecretStore '${store.name}' in namespace ${store.storeNamespace ?? '(none)'}: a SecretStore serves only its own namespace; use a store in ${namespace ?? 'the same namespace'} or a ClusterSecretStore`];
  }
  if (store.storeKind === SecretStoreKind.CLUSTER_SECRET_STORE && namespace !== undefined && store.allowsNamespace(namespace) === false) {
    return [`${what} in namespace ${namespace} cannot use ClusterSecretStore '${store.name}': its conditions do not select namespace ${namespace}; add the namespace to the store's conditions`];
  }
  return [];
}

/** Cluster kinds create objects in many namespaces: only a ClusterSecretStore can serve them all. */
export function requireClusterStore(what: string, store: ISecretStore): void {
  if (store.storeKind !== SecretStoreKind.CLUSTER_SECRET_STORE) {
    throw new Error(`${what} cannot use SecretStore '${store.name}': it serves only namespace ${store.storeNamespace ?? '(none)'}; use a ClusterSecretStore, or a namespaced resource in that namespace`);
  }
}

/** Props shared by the cluster kinds' namespace selection. */
export interface NamespaceSelection {
  /**
   * The namespaces to create objects in (a namespace matching any selector is selected).
   *
   * @default - none; then `allowAllNamespaces` must be given
   */
  readonly namespaceSelectors?: NamespaceSelectorOptions[];
  /**
   * Select every namespace: the written reason why (it acknowledges ZT-ESO10 on the object).
   *
   * @default - only the namespaces `namespaceSelectors` select
   */
  readonly allowAllNamespaces?: string;
  /**
   * How often the controller re-checks which namespaces match.
   *
   * @default Duration.minutes(1)
   */
  readonly refreshTime?: Duration;
}

/** Renders `namespaceSelectors` and `refreshTime`, rejecting a selection of every namespace unless opted in. */
export function renderNamespaceSelection(owner: IConstruct, what: string, selection: NamespaceSelection): any {
  const selectors = selection.namespaceSelectors ?? [];
  const rendered = selectors.map(s => renderSelector(what, s));
  const matchAll = rendered.length === 0 || rendered.some(s => Object.keys(s).length === 0);
  if (matchAll && selection.allowAllNamespaces === undefined) {
    throw new Error(`${what} 'namespaceSelectors' ${rendered.length === 0 ? 'is empty' : 'contains an empty selector'} and would select every namespace; give labels or expressions, or set allowAllNamespaces to the reason`);
  }
  // the compliance pack's reading (ZT-ESO10): a selector of NotIn/DoesNotExist only excludes, so it admits everything else
  rendered.forEach((s, i) => {
    const broad = Object.keys(s).length > 0 ? admitsEveryNamespace(s) : undefined;
    if (broad !== undefined) {
      throw new Error(`${what} 'namespaceSelectors[${i}]' ${broad}; add a label or an In expression that names the namespaces, e.g. labels: { tenant: 'team-a' }`);
    }
  });
  if (selection.allowAllNamespaces !== undefined && rendered.length > 0) {
    throw new Error(`${what} sets both 'allowAllNamespaces' and 'namespaceSelectors'; remove one`);
  }
  if (selection.allowAllNamespaces !== undefined) {
    Compliance.of(owner)._acknowledgeOptIn('allowAllNamespaces', 'ZT-ESO10', selection.allowAllNamespaces, `why ${what} reaches every namespace`);
  }
  return {
    namespaceSelectors: rendered.length > 0 ? rendered : [{}],
    refreshTime: renderDuration('refreshTime', selection.refreshTime ?? Duration.minutes(1), { min: Duration.seconds(1) }),
  };
}

function renderSelector(what: string, options: NamespaceSelectorOptions): any {
  const labels = options.labels ?? {};
  validateLabels(`${what} namespaceSelectors.labels`, labels);
  const matchExpressions = (options.expressions ?? []).map(e => {
    validateLabelKey(`${what} namespaceSelectors.expressions`, e.key);
    if ((e.operator === 'In' || e.operator === 'NotIn') && (e.values ?? []).length === 0) {
      throw new Error(`${what} 'namespaceSelectors.expressions' ${e.operator} on "${e.key}" needs at least one value`);
    }
    (e.values ?? []).forEach(v => validateLabelValue(`${what} namespaceSelectors.expressions`, e.key, v));
    return { key: e.key, operator: e.operator, ...(e.values ? { values: [...e.values] } : {}) };
  });
  const matchLabels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
    ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
  };
}

/**
 * Labels and annotations of the objects a cluster kind creates; `what` is e.g. `pushSecretMetadata`, whose
 * props are `pushSecretLabels` and `pushSecretAnnotations`. A value holding a credential is refused.
 */
export function renderChildMetadata(what: string, labels?: { [key: string]: string }, annotations?: { [key: string]: string }): any {
  validateLabels(`${what} labels`, labels);
  validateAnnotations(`${what} annotations`, annotations);
  rejectTrackingMetadata(what, labels, annotations);
  const base = what.replace(/Metadata$/, '');
  refuseCredentialsIn(`${base}Labels`, labels);
  refuseCredentialsIn(`${base}Annotations`, annotations);
  return { labels: { ...labels }, annotations: { ...annotations } };
}
