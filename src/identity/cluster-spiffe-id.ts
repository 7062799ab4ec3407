import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { SpiffeId, trustDomainProblem } from './spiffe-id';
import { formatGoDuration, renderDuration } from '../common/duration';
import { ValidationError } from '../common/errors';
import { LabelSelector, renderLabelSelector } from '../common/label-selector';
import { isDnsSubdomain } from '../common/names';
import { validateReason } from '../common/reason';
import { IResource, Resource, ResourceProps } from '../common/resource';
import { sortedStrings } from '../common/sort';
import { Compliance } from '../compliance/acknowledgement';

/** SVIDs living longer than this need a written reason (ZT-ID4). */
const MAX_SVID_LIFETIME = Duration.hours(24);
/** Go text/template actions, `{{ ... }}`. */
const TEMPLATE_ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;

/** Checks that the `{{ }}` actions are balanced and not empty, and returns the text with each action replaced. */
function substituteActions(scope: IConstruct | undefined, prop: string, template: string, placeholder: string): string {
  const stripped = template.replace(TEMPLATE_ACTION, (_, body: string) => {
    if (body.trim().length === 0) throw new ValidationError(`'${prop}' (${JSON.stringify(template)}) has an empty {{ }} action`, scope);
    return placeholder;
  });
  if (stripped.includes('{{') || stripped.includes('}}')) {
    throw new ValidationError(`'${prop}' (${JSON.stringify(template)}) has an unbalanced '{{' or '}}'; every action must be written {{ .Field }}`, scope);
  }
  return stripped;
}

/**
 * The SPIFFE ID template of a `ClusterSPIFFEID` (Go text/template over `.TrustDomain`, `.ClusterName`,
 * `.ClusterDomain`, `.PodMeta`, `.PodSpec`, `.NodeMeta`, `.NodeSpec`).
 */
export class SpiffeIdTemplate {
  /**
   * The conventional per-service-account ID, `spiffe://<trust domain>/ns/<namespace>/sa/<service account>`,
   * the shape `SpiffeId.forServiceAccount()` builds.
   */
  public static serviceAccount(): SpiffeIdTemplate {
    return new SpiffeIdTemplate('spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}');
  }

  /**
   * A custom template. Its fixed parts must form a valid SPIFFE ID once each action is filled in.
   *
   * @example SpiffeIdTemplate.custom('spiffe://{{ .TrustDomain }}/cluster/{{ .ClusterName }}/app/{{ index .PodMeta.Labels "app" }}')
   */
  public static custom(template: string): SpiffeIdTemplate {
    if (typeof template !== 'string' || template.trim().length === 0) {
      throw new ValidationError('\'spiffeIdTemplate\' must not be empty; e.g. SpiffeIdTemplate.serviceAccount()');
    }
    const filled = substituteActions(undefined, 'spiffeIdTemplate', template, 'x');
    try {
      SpiffeId.parse(filled);
    } catch (e) {
      throw new ValidationError(`'spiffeIdTemplate' (${JSON.stringify(template)}) does not yield a valid SPIFFE ID: ${(e as Error).message}`);
    }
    return new SpiffeIdTemplate(template);
  }

  private constructor(
    /** The template text. */
    public readonly template: string,
  ) {}
}

/** Props of `ClusterSpiffeId`. */
export interface ClusterSpiffeIdProps extends ResourceProps {
  /**
   * The SPIFFE ID issued to each selected pod.
   *
   * @default SpiffeIdTemplate.serviceAccount()
   */
  readonly spiffeIdTemplate?: SpiffeIdTemplate;
  /**
   * Pods that get an identity.
   *
   * @default - every pod in the selected namespaces
   */
  readonly podSelector?: LabelSelector;
  /**
   * Namespaces whose pods get an identity.
   *
   * @default - every namespace (SPIRE's `ignoreNamespaces` aside)
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * Issue identities to every pod in every namespace: the written reason why. Needed when neither selector
   * restricts anything, because then every workload on the cluster gets an identity.
   *
   * @default - only the pods the selectors pick
   */
  readonly allowAllPods?: string;
  /**
   * Lifetime of X509-SVIDs; more than a day needs `acknowledgeLongLivedSvids`.
   *
   * @default - the SPIRE server's default X509-SVID TTL
   */
  readonly ttl?: Duration;
  /**
   * Lifetime of JWT-SVIDs; keep it short, a JWT cannot be revoked. More than a day needs
   * `acknowledgeLongLivedSvids`.
   *
   * @default - the SPIRE server's default JWT-SVID TTL
   */
  readonly jwtTtl?: Duration;
  /**
   * The written reason for a `ttl` or `jwtTtl` of more than a day (a stolen SVID stays valid that long); it
   * acknowledges ZT-ID4 on the object.
   *
   * @default - lifetimes of at most a day
   */
  readonly acknowledgeLongLivedSvids?: string;
  /**
   * DNS SAN templates for X509-SVIDs, e.g. `{{ .PodMeta.Name }}.{{ .PodMeta.Namespace }}.svc`.
   *
   * @default - none
   */
  readonly dnsNameTemplates?: string[];
  /**
   * Add the pod's service DNS names to X509-SVIDs.
   *
   * @default false
   */
  readonly autoPopulateDnsNames?: boolean;
  /**
   * Trust domains the identities federate with.
   *
   * @default - none
   */
  readonly federatesWith?: string[];
  /**
   * Extra workload selector templates (e.g. `k8s:ns:{{ .PodMeta.Namespace }}`).
   *
   * @default - none
   */
  readonly workloadSelectorTemplates?: string[];
  /**
   * A hint for workloads that receive several identities, to tell them apart.
   *
   * @default - none
   */
  readonly hint?: string;
  /**
   * The controller class that handles this object (controllers configured with a `className` ignore others).
   *
   * @default - handled by class-less controllers only
   */
  readonly className?: string;
  /**
   * Apply this identity only to pods no other (non-fallback) ClusterSPIFFEID matches.
   *
   * @default false
   */
  readonly fallback?: boolean;
}

/** A `ClusterSPIFFEID`. */
export interface IClusterSpiffeId extends IResource {}

/**
 * SPIRE controller manager's `ClusterSPIFFEID` (`spire.spiffe.io/v1alpha1`): issues SPIFFE identities to the
 * selected pods. Least privilege: it must select something unless `allowAllPods` is set.
 */
export class ClusterSpiffeId extends Resource implements IClusterSpiffeId {
  private readonly props: ClusterSpiffeIdProps;
  private readonly rendered: { podSelector?: any; namespaceSelector?: any; ttl?: string; jwtTtl?: string };

  public constructor(scope: Construct, id: string, props: ClusterSpiffeIdProps = {}) {
    super(scope, id, { apiVersion: 'spire.spiffe.io/v1alpha1', kind: 'ClusterSPIFFEID', namespaced: false }, props);
    const podSelector = renderLabelSelector(this, 'podSelector', props.podSelector);
    const namespaceSelector = renderLabelSelector(this, 'namespaceSelector', props.namespaceSelector);
    if (!podSelector && !namespaceSelector && props.allowAllPods === undefined) {
      throw new ValidationError('\'podSelector\' and \'namespaceSelector\' are both empty, which issues an identity to every pod on the cluster; select pods or namespaces (e.g. namespaceSelector: { matchLabels: { \'kubernetes.io/metadata.name\': \'argocd\' } }) or set allowAllPods to the reason', this);
    }
    if ((podSelector || namespaceSelector) && props.allowAllPods !== undefined) {
      throw new ValidationError('\'allowAllPods\' contradicts the selectors given; remove allowAllPods or the selectors', this);
    }
    if (props.allowAllPods !== undefined) validateReason(this, 'allowAllPods', props.allowAllPods, 'why every pod on the cluster gets an identity');
    const longLived = ([['ttl', props.ttl], ['jwtTtl', props.jwtTtl]] as const)
      .filter(([, ttl]) => ttl !== undefined && ttl.toMilliseconds({ integral: false }) > MAX_SVID_LIFETIME.toMilliseconds())
      .map(([prop, ttl]) => `${prop} ${formatGoDuration(ttl!.toMilliseconds({ integral: false }))}`);
    if (longLived.length > 0 && props.acknowledgeLongLivedSvids === undefined) {
      throw new ValidationError(`'${longLived.join("', '")}' is more than a day: a stolen SVID stays valid that long, and a JWT-SVID cannot be revoked; keep SVIDs short (e.g. jwtTtl: Duration.minutes(5)), or set acknowledgeLongLivedSvids to the reason`, this);
    }
    if (longLived.length === 0 && props.acknowledgeLongLivedSvids !== undefined) {
      throw new ValidationError('\'acknowledgeLongLivedSvids\' is set but no lifetime is longer than a day; remove it', this);
    }
    if (props.acknowledgeLongLivedSvids !== undefined) {
      Compliance.of(this)._acknowledgeOptIn('acknowledgeLongLivedSvids', 'ZT-ID4', props.acknowledgeLongLivedSvids, 'why SVIDs live longer than a day');
    }
    (props.dnsNameTemplates ?? []).forEach((t, i) => {
      const filled = substituteActions(this, `dnsNameTemplates[${i}]`, t, 'x');
      // a DNS subdomain, optionally a wildcard one
      if (!isDnsSubdomain(filled.startsWith('*.') ? filled.slice(2) : filled)) {
        throw new ValidationError(`'dnsNameTemplates[${i}]' (${JSON.stringify(t)}) must yield a DNS name: lowercase labels joined by '.', e.g. "{{ .PodMeta.Name }}.{{ .PodMeta.Namespace }}.svc"`, this);
      }
    });
    (props.workloadSelectorTemplates ?? []).forEach((t, i) => {
      const filled = substituteActions(this, `workloadSelectorTemplates[${i}]`, t, 'x');
      if (!/^[^:\s]+:.+$/.test(filled)) {
        throw new ValidationError(`'workloadSelectorTemplates[${i}]' (${JSON.stringify(t)}) must have the form "<type>:<value>", e.g. "k8s:sa:{{ .PodSpec.ServiceAccountName }}"`, this);
      }
    });
    (props.federatesWith ?? []).forEach((td, i) => {
      const problem = trustDomainProblem(td);
      if (problem) throw new ValidationError(`'federatesWith[${i}]' (${JSON.stringify(td)}) is not a trust domain: ${problem}; e.g. "partner.example.org"`, this);
    });
    for (const [prop, list] of [['dnsNameTemplates', props.dnsNameTemplates], ['federatesWith', props.federatesWith], ['workloadSelectorTemplates', props.workloadSelectorTemplates]] as const) {
      const dup = (list ?? []).find((v, i, all) => all.indexOf(v) !== i);
      if (dup !== undefined) throw new ValidationError(`'${prop}' lists ${JSON.stringify(dup)} twice; remove the duplicate`, this);
    }
    if (props.hint !== undefined && props.hint.length === 0) throw new ValidationError('\'hint\' must not be empty; omit it instead', this);
    if (props.className !== undefined && props.className.length === 0) throw new ValidationError('\'className\' must not be empty; omit it instead', this);
    this.props = props;
    this.rendered = {
      podSelector,
      namespaceSelector,
      ttl: props.ttl ? renderDuration(this, 'ttl', props.ttl) : undefined,
      jwtTtl: props.jwtTtl ? renderDuration(this, 'jwtTtl', props.jwtTtl) : undefined,
    };
  }

  /** @internal */
  public _renderSpec(): any {
    const p = this.props;
    return {
      spiffeIDTemplate: (p.spiffeIdTemplate ?? SpiffeIdTemplate.serviceAccount()).template,
      podSelector: this.rendered.podSelector,
      namespaceSelector: this.rendered.namespaceSelector,
      ttl: this.rendered.ttl,
      jwtTtl: this.rendered.jwtTtl,
      dnsNameTemplates: p.dnsNameTemplates?.length ? [...p.dnsNameTemplates] : undefined,
      autoPopulateDNSNames: p.autoPopulateDnsNames,
      federatesWith: p.federatesWith?.length ? sortedStrings(p.federatesWith) : undefined,
      workloadSelectorTemplates: p.workloadSelectorTemplates?.length ? [...p.workloadSelectorTemplates] : undefined,
      hint: p.hint,
      className: p.className,
      fallback: p.fallback,
    };
  }
}
