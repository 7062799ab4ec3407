import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ISecretStore, SecretStoreKind } from './secret-store-ref';
import { rejectTrackingMetadata } from './template';
import { renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { LabelSelector, renderLabelSelector } from '../common/label-selector';
import { refuseCredentialsIn } from '../common/literals';
import { validateAnnotations, validateLabels } from '../common/names';
import { Compliance } from '../compliance/acknowledgement';
import { admitsEveryNamespace } from '../compliance/rules/selector-helpers';

/*
 * Helpers shared by the namespaced kinds (store reachability) and the cluster kinds that stamp a namespaced
 * object into selected namespaces (ClusterExternalSecret, ClusterPushSecret).
 */

/** Why `store` cannot serve an object in `namespace`, or nothing. */
export function storeNamespaceErrors(what: string, namespace: string | undefined, store: ISecretStore): string[] {
  if (store.storeKind === SecretStoreKind.SECRET_STORE && store.namespace !== namespace) {
    return [`${what} in namespace ${namespace ?? '(none)'} cannot use SecretStore '${store.name}' in namespace ${store.namespace ?? '(none)'}: a SecretStore serves only its own namespace; use a store in ${namespace ?? 'the same namespace'} or a ClusterSecretStore`];
  }
  if (store.storeKind === SecretStoreKind.CLUSTER_SECRET_STORE && namespace !== undefined && store.allowsNamespace(namespace) === false) {
    return [`${what} in namespace ${namespace} cannot use ClusterSecretStore '${store.name}': its conditions do not select namespace ${namespace}; add the namespace to the store's conditions`];
  }
  return [];
}

/** Cluster kinds create objects in many namespaces: only a ClusterSecretStore can serve them all. */
export function requireClusterStore(scope: IConstruct, what: string, store: ISecretStore): void {
  if (store.storeKind !== SecretStoreKind.CLUSTER_SECRET_STORE) {
    throw new ValidationError(`${what} cannot use SecretStore '${store.name}': it serves only namespace ${store.namespace ?? '(none)'}; use a ClusterSecretStore, or a namespaced resource in that namespace`, scope);
  }
}

/** Props shared by the cluster kinds' namespace selection. */
export interface NamespaceSelection {
  /**
   * The namespaces to create objects in (a namespace matching any selector is selected).
   *
   * @default - none; then `allowAllNamespaces` must be given
   */
  readonly namespaceSelectors?: LabelSelector[];
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
  const rendered = renderSelectors(owner, what, selection);
  if (selection.allowAllNamespaces !== undefined && rendered.length > 0) {
    throw new ValidationError(`${what} sets both 'allowAllNamespaces' and 'namespaceSelectors'; remove one`, owner);
  }
  if (selection.allowAllNamespaces !== undefined) {
    Compliance.of(owner)._acknowledgeOptIn('allowAllNamespaces', 'ZT-ESO10', selection.allowAllNamespaces, `why ${what} reaches every namespace`);
  }
  return {
    namespaceSelectors: rendered.length > 0 ? rendered : [{}],
    refreshTime: renderDuration(owner, 'refreshTime', selection.refreshTime ?? Duration.minutes(1), { min: Duration.seconds(1) }),
  };
}

/**
 * The selectors, each checked by `renderLabelSelector` and by the compliance pack's reading (ZT-ESO10): an
 * empty selector, or one of only NotIn/DoesNotExist (which only excludes), admits every namespace.
 */
function renderSelectors(owner: IConstruct, what: string, selection: NamespaceSelection): any[] {
  const rendered = (selection.namespaceSelectors ?? []).map((s, i) => renderLabelSelector(owner, `namespaceSelectors[${i}]`, s));
  const matchAll = rendered.length === 0 || rendered.some(s => s === undefined);
  if (matchAll && selection.allowAllNamespaces === undefined) {
    throw new ValidationError(`${what} 'namespaceSelectors' ${rendered.length === 0 ? 'is empty' : 'contains an empty selector'} and would select every namespace; give matchLabels or matchExpressions, or set allowAllNamespaces to the reason`, owner);
  }
  rendered.forEach((s, i) => {
    const broad = s === undefined ? undefined : admitsEveryNamespace(s);
    if (broad !== undefined) {
      throw new ValidationError(`${what} 'namespaceSelectors[${i}]' ${broad}; add a label or an In expression that names the namespaces, e.g. matchLabels: { tenant: 'team-a' }`, owner);
    }
  });
  return rendered;
}

/**
 * Labels and annotations of the objects a cluster kind creates; `what` is e.g. `pushSecretMetadata`, whose
 * props are `pushSecretLabels` and `pushSecretAnnotations`. A value holding a credential is refused.
 */
export function renderChildMetadata(
  scope: IConstruct, what: string, labels?: { [key: string]: string }, annotations?: { [key: string]: string }): any {
  validateLabels(scope, `${what} labels`, labels);
  validateAnnotations(scope, `${what} annotations`, annotations);
  rejectTrackingMetadata(scope, what, labels, annotations);
  const base = what.replace(/Metadata$/, '');
  refuseCredentialsIn(scope, `${base}Labels`, labels);
  refuseCredentialsIn(scope, `${base}Annotations`, annotations);
  return { labels: { ...labels }, annotations: { ...annotations } };
}
