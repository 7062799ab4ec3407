import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import {
  ArgoCdCluster, ArgoCdInstance, ArgoCdInstanceProps, ArgoCdRole, ArgoCdSso, ClusterAuth, ClusterTls, LOCAL_ADMIN_REASON_ANNOTATION,
} from '../../src/argocd';
import { CompliancePack } from '../../src/compliance';
import { SpiffeId } from '../../src/identity';
import { ImageReference } from '../../src/tekton';
import { goodPod } from '../compliance/fixtures';
import { checkObject, expectConformant } from '../conformance/harness';
import { describeWithShared, SCENARIOS_DIR, testWithShared } from '../conformance/shared';
import { expectRefused, githubToken, jwt } from '../literal-credentials';
import { validationError } from '../validation-error';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const PLUGIN_IMAGE = ImageReference.digest('quay.io/my-org/spiffe-exec-auth', DIGEST, { tag: '0.0.7' });
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUExampleExampleExampleExampleExampleMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----';
const COMPONENTS = ['applicationSet', 'controller', 'redis', 'repo', 'server'];

function chart(): Chart {
  return new Chart(Testing.app(), 'management', { namespace: 'ztwim-gitops' });
}

function instance(props: ArgoCdInstanceProps = {}, scope: Chart = chart()): ArgoCdInstance {
  return new ArgoCdInstance(scope, 'argocd', { metadata: { name: 'openshift-gitops' }, ...props });
}

function spiffeInstance(props: ArgoCdInstanceProps = {}, scope: Chart = chart()): ArgoCdInstance {
  return instance({ spiffe: { execPluginImage: PLUGIN_IMAGE }, ...props }, scope);
}

function specOf(i: ArgoCdInstance): any {
  return Testing.synth(Chart.of(i)).find(o => o.kind === 'ArgoCD').spec;
}

/** Every `command` and `args` word of every container the spec declares, at any depth. */
function commandWords(value: any): string[] {
  if (Array.isArray(value)) return value.flatMap(commandWords);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => ((k === 'command' || k === 'args') && Array.isArray(v) ? v.map(String) : commandWords(v)));
}

/** The pod the operator builds for a component: its own container (hardened) plus what the spec adds. */
function componentPod(component: any): any {
  return goodPod('component', spec => {
    spec.initContainers = component.initContainers;
    spec.volumes = component.volumes;
    spec.containers[0].volumeMounts = component.volumeMounts;
  });
}

function reference(): any {
  return YAML.parse(fs.readFileSync(path.join(SCENARIOS_DIR, 'reference-yaml', '004-argocd-operand.yaml'), 'utf8'));
}

describe('ArgoCdInstance', () => {
  test('default instance: no default role, no anonymous or local admin, resources everywhere, Tekton runs excluded (snapshot)', () => {
    const i = instance();
    expect(Testing.synth(Chart.of(i))).toMatchSnapshot();
    const spec = specOf(i);
    expect(spec.rbac).toEqual({ defaultPolicy: '', policy: '', scopes: '[groups]' });
    expect([spec.usersAnonymousEnabled, spec.disableAdmin, spec.webTerminalEnabled, spec.sso]).toEqual([false, true, false, undefined]);
    expect(spec.controller.respectRBAC).toBe('normal');
    expect(spec.controller.initContainers).toBeUndefined();
    expect(spec.server.route).toBeUndefined();
    for (const c of COMPONENTS) {
      expect(Object.keys(spec[c].resources.requests)).toEqual(['cpu', 'memory']);
      expect(Object.keys(spec[c].resources.limits)).toEqual(['cpu', 'memory']);
    }
    expect(spec.controller.resources).toEqual({ requests: { cpu: '250m', memory: '1024Mi' }, limits: { cpu: '2000m', memory: '2048Mi' } });
    expectConformant(Chart.of(i));
  });

  test('resourceExclusions keep the operator defaults (an explicit list replaces them) and add TaskRuns and PipelineRuns', () => {
    const exclusions = YAML.parse(specOf(instance()).resourceExclusions);
    expect(exclusions[exclusions.length - 1]).toEqual({ apiGroups: ['tekton.dev'], kinds: ['TaskRun', 'PipelineRun'] });
    expect(exclusions).toContainEqual({ apiGroups: ['coordination.k8s.io'], kinds: ['Lease'] });
    expect(exclusions).toContainEqual({ apiGroups: ['', 'discovery.k8s.io'], kinds: ['Endpoints', 'EndpointSlice'] });
    expect(exclusions.length).toBe(9);
  });

  test('names, namespace and the service accounts the operator derives, for SPIFFE IDs', () => {
    const i = instance();
    expect([i.name, i.namespace, i.serverServiceAccountName, i.applicationControllerServiceAccountName])
      .toEqual(['openshift-gitops', 'ztwim-gitops', 'openshift-gitops-argocd-server', 'openshift-gitops-argocd-application-controller']);
    expect(SpiffeId.forServiceAccount('apps.example.com', i.namespace!, i.applicationControllerServiceAccountName).toString())
      .toBe('spiffe://apps.example.com/ns/ztwim-gitops/sa/openshift-gitops-argocd-application-controller');
    expect([i.apiVersion, i.kind]).toEqual(['argoproj.io/v1beta1', 'ArgoCD']);
  });

  test('namespace: metadata.namespace, else the chart\'s, else argocd; name defaults to argocd', () => {
    expect(new ArgoCdInstance(chart(), 'a', { metadata: { namespace: 'gitops' } }).namespace).toBe('gitops');
    expect(new ArgoCdInstance(chart(), 'a').namespace).toBe('ztwim-gitops');
    const plain = new ArgoCdInstance(new Chart(Testing.app(), 'plain'), 'a');
    expect([plain.name, plain.namespace, plain.serverServiceAccountName]).toEqual(['argocd', 'argocd', 'argocd-argocd-server']);
    expectConformant(Chart.of(plain));
  });

  test('refuses names the operator would truncate or that are no DNS label', () => {
    const long = 'a'.repeat(34);
    expect(validationError(() => instance({ metadata: { name: long } }), 'management/argocd').message)
      .toMatch(/'metadata.name' \("a{34}"\) has 34 characters; at most 33 keep the service account names .* untruncated/);
    expect(instance({ metadata: { name: 'a'.repeat(33) } }).applicationControllerServiceAccountName).toHaveLength(63);
    expect(() => instance({ metadata: { name: 'argo.cd' } })).toThrow(/'metadata.name' \("argo.cd"\) must be a DNS-1123 label/);
  });

  describe('resources', () => {
    test('overrides merge field by field over each component\'s default', () => {
      const spec = specOf(instance({
        resources: {
          server: { cpu: { limit: kplus.Cpu.units(1) } },
          redis: { memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) } },
        },
      }));
      expect(spec.server.resources).toEqual({ requests: { cpu: '125m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } });
      expect(spec.redis.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1024Mi' } });
    });

    test('refuses a request above its limit and ephemeral storage, naming the component', () => {
      expect(validationError(() => instance({ resources: { repoServer: { cpu: { request: kplus.Cpu.units(2) } } } }), 'management/argocd').message)
        .toMatch(/'resources.repoServer' CPU request 2 is above its limit 1000m/);
      expect(() => instance({ resources: { applicationController: { memory: { limit: Size.mebibytes(512) } } } }))
        .toThrow(/'resources.applicationController' memory request 1024Mi is above its limit 512Mi/);
      expect(() => instance({ resources: { dex: { ephemeralStorage: { limit: Size.gibibytes(1) } } } }))
        .toThrow(/'resources.dex' 'resources.ephemeralStorage' is not supported/);
    });
  });

  describe('SPIFFE', () => {
    test('S5 management instance: Workload API read-only, plugin copied from a digest-pinned image (snapshot)', () => {
      const i = spiffeInstance({ sso: ArgoCdSso.openShiftOAuth(), serverRoute: { host: 'argocd.apps.example.com' } });
      i.rbac.grant('platform-admins', ArgoCdRole.ADMIN);
      expect(Testing.synth(Chart.of(i))).toMatchSnapshot();
      expect(i.spiffeEnabled).toBe(true);
      expectConformant(Chart.of(i));
    });

    test('the application controller and the server mount the CSI Workload API read-only and the plugin directory read-only', () => {
      const spec = specOf(spiffeInstance());
      for (const component of [spec.controller, spec.server]) {
        expect(component.volumes).toEqual([
          { name: 'spiffe-exec-plugin', emptyDir: { sizeLimit: '64Mi' } },
          { name: 'spiffe-workload-api', csi: { driver: 'csi.spiffe.io', readOnly: true } },
        ]);
        expect(component.volumeMounts).toEqual([
          { name: 'spiffe-exec-plugin', mountPath: '/binaries', readOnly: true },
          { name: 'spiffe-workload-api', mountPath: '/run/spire/sockets', readOnly: true },
        ]);
      }
      expect(spec.repo.volumes).toBeUndefined();
      expect(spec.applicationSet.volumes).toBeUndefined();
    });

    test('the init container copies the binary with cp: restricted profile, resources, image by digest', () => {
      const [init] = specOf(spiffeInstance()).controller.initContainers;
      expect(init).toEqual({
        name: 'copy-spiffe-exec-plugin',
        image: `quay.io/my-org/spiffe-exec-auth:0.0.7@${DIGEST}`,
        imagePullPolicy: 'IfNotPresent',
        command: ['cp', '/usr/local/bin/k8s-spiffe-workload-jwt-exec-auth', '/binaries/k8s-spiffe-workload-jwt-exec-auth'],
        resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumeMounts: [{ name: 'spiffe-exec-plugin', mountPath: '/binaries' }],
      });
      const custom = specOf(spiffeInstance({
        spiffe: { execPluginImage: PLUGIN_IMAGE, execPluginPath: '/ko-app/k8s-spiffe-workload-jwt-exec-auth' },
        resources: { execPluginCopy: { memory: { limit: Size.mebibytes(128) } } },
      })).server.initContainers[0];
      expect(custom.command[1]).toBe('/ko-app/k8s-spiffe-workload-jwt-exec-auth');
      expect(custom.resources.limits.memory).toBe('128Mi');
    });

    test('the exec plugin is never fetched at start: no command names a shell, a downloader or a URL', () => {
      const spec = specOf(spiffeInstance());
      const words = commandWords(spec);
      expect(words.length).toBe(6);
      expect(words.filter(w => /curl|wget|https?:|ftp:|\/bin\/(ba)?sh|tar|fetch/i.test(w))).toEqual([]);
      expect(JSON.stringify(spec)).not.toMatch(/curl|wget|https?:\/\//);
    });

    test('any accepted plugin path yields only "cp <absolute path> /binaries/...": no scheme, no shell, no parent directory', () => {
      fc.assert(fc.property(fc.string({ maxLength: 40 }), p => {
        let command: string[] | undefined;
        try {
          command = specOf(spiffeInstance({ spiffe: { execPluginImage: PLUGIN_IMAGE, execPluginPath: p } })).controller.initContainers[0].command;
        } catch {
          return;
        }
        expect(command).toEqual(['cp', p, '/binaries/k8s-spiffe-workload-jwt-exec-auth']);
        expect(p).toMatch(/^\//);
        expect(p).not.toMatch(/:|\s|\$|`|;|\||&|(^|\/)\.\.(\/|$)/);
      }), { numRuns: 200 });
    });

    test('refuses a plugin image pinned by tag only, and plugin paths that are not plain absolute paths', () => {
      expect(validationError(() => spiffeInstance({ spiffe: { execPluginImage: ImageReference.tag('quay.io/my-org/spiffe-exec-auth', '0.0.7') } }), 'management/argocd').message)
        .toMatch(/'spiffe.execPluginImage' \("quay.io\/my-org\/spiffe-exec-auth:0.0.7"\) is pinned by tag only.*ImageReference.digest\(\)/);
      for (const p of ['bin/plugin', '/usr/../etc/plugin', 'https://github.com/spiffe/plugin', '/usr/local/bin/a b', '/tmp/$(id)', '']) {
        expect(() => spiffeInstance({ spiffe: { execPluginImage: PLUGIN_IMAGE, execPluginPath: p } }))
          .toThrow(/'spiffe.execPluginPath' .* must be an absolute path inside the image, without '..' or spaces/);
      }
    });

    test('spiffeJwtAuth() points the cluster Secret at the mounted socket and the copied plugin, as ClusterAuth.spiffeJwt\'s defaults do', () => {
      const i = spiffeInstance();
      const auth = i.spiffeJwtAuth('openshift-spoke');
      expect(auth._config).toEqual(ClusterAuth.spiffeJwt({ audience: 'openshift-spoke' })._config);
      const cluster = new ArgoCdCluster(Chart.of(i), 'spoke', {
        argoCdNamespace: i.namespace, clusterName: 'spoke', server: 'https://api.spoke.example.com:6443', auth, tls: ClusterTls.verify(CA), namespaces: ['web'],
      });
      expect(cluster.audience).toBe('openshift-spoke');
      const secret = Testing.synth(Chart.of(i)).find(o => o.kind === 'Secret');
      const exec = JSON.parse(secret.stringData.config).execProviderConfig;
      const socketDir = path.posix.dirname(exec.env.SPIFFE_ENDPOINT_SOCKET.replace(/^unix:\/\//, ''));
      const spec = specOf(i);
      for (const component of [spec.controller, spec.server]) {
        const mounts = component.volumeMounts.map((m: any) => m.mountPath);
        expect(mounts).toContain(path.posix.dirname(exec.command));
        expect(mounts).toContain(socketDir);
        expect(component.initContainers[0].command[2]).toBe(exec.command);
      }
      expectConformant(Chart.of(i));
    });

    test('spiffeJwtAuth() without the SPIFFE option is refused', () => {
      const i = instance();
      expect(i.spiffeEnabled).toBe(false);
      expect(validationError(() => i.spiffeJwtAuth('openshift-spoke'), 'management/argocd').message)
        .toMatch(/spiffeJwtAuth\(\) needs the exec plugin and the Workload API in the Argo CD pods; set the 'spiffe' prop/);
    });

    testWithShared('the operand pods with the init container and volumes pass the upstream Kyverno policies and the pack\'s pod rules', () => {
      const spec = specOf(spiffeInstance());
      for (const component of [spec.controller, spec.server]) {
        const pod = componentPod(component);
        expect(pod.spec.initContainers).toHaveLength(1);
        expect(checkObject(pod).findings.filter(f => f.severity === 'error')).toEqual([]);
        const report = new CompliancePack().evaluateManifests([pod]);
        expect([...report.errors, ...report.warnings]).toEqual([]);
      }
      // the same check sees a broken init container, so it judges the one above
      const bare = { ...spec.controller.initContainers[0], securityContext: undefined, resources: undefined };
      const broken = componentPod({ ...spec.controller, initContainers: [bare] });
      expect(new CompliancePack().evaluateManifests([broken]).errors.length).toBeGreaterThan(0);
    });
  });

  describe('RBAC', () => {
    test('named groups get roles; custom roles come from p lines; the reason for a broad subject is a comment above its line', () => {
      const i = instance();
      i.rbac.grant('platform-admins', ArgoCdRole.ADMIN);
      i.rbac.addPolicy('p,role:team-a-deployer,applications,sync,team-a/*,allow');
      i.rbac.addPolicy('p, role:team-a-deployer, applications, action/apps/Deployment/restart, team-a/*, allow');
      i.rbac.grant('team-a', ArgoCdRole.custom('team-a-deployer'));
      i.rbac.grant('system:authenticated', ArgoCdRole.READONLY);
      i.rbac.grant('system:authenticated:oauth', ArgoCdRole.custom('role:team-a-deployer'), { acknowledgeBroadSubject: 'every engineer may sync the shared demo apps of team a' });
      expect(specOf(i).rbac).toEqual({
        defaultPolicy: '',
        policy: [
          'g, platform-admins, role:admin',
          'p, role:team-a-deployer, applications, sync, team-a/*, allow',
          'p, role:team-a-deployer, applications, action/apps/Deployment/restart, team-a/*, allow',
          'g, team-a, role:team-a-deployer',
          'g, system:authenticated, role:readonly',
          '# every engineer may sync the shared demo apps of team a',
          'g, system:authenticated:oauth, role:team-a-deployer',
          '',
        ].join('\n'),
        scopes: '[groups]',
      });
      expect(i.rbac.policyLines).toHaveLength(6);
      expectConformant(Chart.of(i));
    });

    test('role:readonly as the default is an explicit choice; role:admin as the default is refused', () => {
      const i = instance({ rbac: { defaultRole: ArgoCdRole.READONLY, scopes: ['groups', 'email'] } });
      expect(specOf(i).rbac).toMatchObject({ defaultPolicy: 'role:readonly', scopes: '[groups, email]' });
      expect([i.rbac.defaultRole, i.rbac.scopes]).toEqual([ArgoCdRole.READONLY, ['groups', 'email']]);
      expect(validationError(() => instance({ rbac: { defaultRole: ArgoCdRole.ADMIN } }), 'management/argocd').message)
        .toMatch(/'rbac.defaultRole' is role:admin, which makes every signed-in user an administrator/);
    });

    test('broad subjects get more than role:readonly only with a written reason', () => {
      const i = instance();
      for (const group of ['system:authenticated', 'system:serviceaccounts', 'system:serviceaccounts:argocd', '*', 'team-*', 'team-?']) {
        expect(validationError(() => i.rbac.grant(group, ArgoCdRole.ADMIN), 'management/argocd').message)
          .toMatch(/gives ".*" \((every .*|a pattern)\) more than role:readonly; grant the role to a named group, or set 'acknowledgeBroadSubject'/);
      }
      expect(() => i.rbac.addPolicy('p, *, applications, get, */*, allow')).toThrow(/gives "\*" \(a pattern\) more than role:readonly/);
      expect(() => i.rbac.grant('*', ArgoCdRole.ADMIN, { acknowledgeBroadSubject: 'xxxxxxxxxxxx' })).toThrow(/'acknowledgeBroadSubject' \("x{12}"\) is not a written reason/);
      expect(() => i.rbac.grant('platform-admins', ArgoCdRole.ADMIN, { acknowledgeBroadSubject: 'a reason that is not needed here' }))
        .toThrow(/its subject is not broad; remove the reason/);
      i.rbac.grant('*', ArgoCdRole.READONLY);
      expect(i.rbac.policyLines).toEqual(['g, *, role:readonly']);
    });

    test('policy lines are checked as Argo CD\'s CSV parser reads them', () => {
      const i = instance();
      const cases: Array<[string, RegExp]> = [
        ['g, team-a', /has 2 fields; a grant is "g, <group or user>, role:<name>"/],
        ['g, team-a, admin', /grants "admin", which is not a role; name one as role:<name>/],
        ['p, role:x, applications, get, */*', /has 5 fields; a permission is "p, <role or subject>, <resource>, <action>, <object>, allow\|deny"/],
        ['p, role:x, apps, get, */*, allow', /names the resource "apps"; Argo CD knows/],
        ['p, role:x, applications, deploy, */*, allow', /has the action "deploy"/],
        ['p, role:x, applications, sync/foo, */*, allow', /has the action "sync\/foo"/],
        ['p, role:x, applications, get, */*, permit', /ends with "permit"; the effect is allow or deny/],
        ['p, role:readonly, applications, sync, */*, allow', /changes the built-in role:readonly/],
        ['p, role:admin, clusters, delete, *, deny', /changes the built-in role:admin/],
        ['x, a, b', /must start with 'p' \(a permission\) or 'g' \(a role grant\)/],
        ['g, "team a", role:x', /has the field "\\"team a\\""; fields are separated by ', '/],
        ['g, , role:x', /has the field ""/],
        ['g, a, role:x\ng, b, role:admin', /holds several lines; add one policy line per call/],
      ];
      for (const [line, error] of cases) expect(validationError(() => i.rbac.addPolicy(line), 'management/argocd').message).toMatch(error);
      expect(() => i.rbac.grant('team a', ArgoCdRole.READONLY)).toThrow(/'rbac.grant' group \("team a"\) must be a group name without ',', quotes or whitespace/);
      expect(() => i.rbac.grant('a,b', ArgoCdRole.READONLY)).toThrow(/must be a group name/);
    });

    test('duplicates throw, also when written with other spacing', () => {
      const i = instance();
      i.rbac.grant('team-a', ArgoCdRole.READONLY);
      expect(() => i.rbac.addPolicy('g,team-a,role:readonly')).toThrow(/'rbac.addPolicy' \("g, team-a, role:readonly"\) is already in the policy/);
    });

    test('a granted custom role that no p line defines fails synthesis', () => {
      const i = instance({ rbac: { defaultRole: ArgoCdRole.custom('viewer') } });
      i.rbac.grant('team-a', ArgoCdRole.custom('deployer'));
      expect(() => Testing.synth(Chart.of(i))).toThrow(/the RBAC policy grants role:viewer, which no 'p, role:viewer, \.\.\.' line defines[\s\S]*grants role:deployer/);
      i.rbac.addPolicy('p, role:viewer, applications, get, team-a/*, allow');
      i.rbac.addPolicy('p, role:deployer, applications, sync, team-a/*, allow');
      expectConformant(Chart.of(i));
    });

    test('custom role names and scopes are validated', () => {
      expect(ArgoCdRole.custom('team-a').name).toBe('role:team-a');
      expect(ArgoCdRole.custom('role:team-a').builtIn).toBe(false);
      expect(ArgoCdRole.ADMIN.builtIn).toBe(true);
      expect(validationError(() => ArgoCdRole.custom('team a'), undefined).message).toMatch(/'name' \("team a"\) must be a role name/);
      expect(() => ArgoCdRole.custom('admin')).toThrow(/'name' \("admin"\) is a built-in role; use ArgoCdRole.ADMIN/);
      expect(() => ArgoCdRole.custom('role:readonly')).toThrow(/use ArgoCdRole.READONLY/);
      expect(() => instance({ rbac: { scopes: [] } })).toThrow(/'rbac.scopes' is empty/);
      expect(() => instance({ rbac: { scopes: ['groups', 'a b'] } })).toThrow(/'rbac.scopes' has "a b"/);
      expect(() => instance({ rbac: { scopes: ['groups', 'groups'] } })).toThrow(/'rbac.scopes' contains "groups" twice/);
    });
  });

  describeWithShared('what the reference YAML 004-argocd-operand.yaml does wrong cannot be written', () => {
    test('the reference downloads the plugin with curl from ubi9/ubi:latest: latest and tag-only images are refused, the command is cp', () => {
      const ref = reference();
      const refInit = ref.spec.controller.initContainers[0];
      expect(refInit.image).toBe('registry.redhat.io/ubi9/ubi:latest');
      expect(refInit.command.join(' ')).toMatch(/curl .*https:\/\/github.com/);
      expect(() => ImageReference.parse(refInit.image)).toThrow(/'tag' \("latest"\) of registry.redhat.io\/ubi9\/ubi is mutable/);
      expect(() => spiffeInstance({ spiffe: { execPluginImage: ImageReference.tag('registry.redhat.io/ubi9/ubi', '9.4') } })).toThrow(/is pinned by tag only/);
      expect(commandWords(specOf(spiffeInstance())).filter(w => /curl|https?:/.test(w))).toEqual([]);
    });

    test('the reference makes every user an admin: role:admin as the default is refused, the default is no role', () => {
      expect(reference().spec.rbac.defaultPolicy).toBe('role:admin');
      expect(() => instance({ rbac: { defaultRole: ArgoCdRole.ADMIN } })).toThrow(/'rbac.defaultRole' is role:admin/);
      expect(specOf(instance()).rbac.defaultPolicy).toBe('');
    });

    test('the reference\'s init containers have no resources and no security context: ours always have both', () => {
      const refInit = reference().spec.server.initContainers[0];
      expect([refInit.resources, refInit.securityContext]).toEqual([{}, undefined]);
      for (const component of ['controller', 'server']) {
        const [init] = specOf(spiffeInstance())[component].initContainers;
        expect(init.resources.limits).toEqual({ cpu: '100m', memory: '64Mi' });
        expect(init.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      }
    });

    test('the reference\'s resourceExclusions drop the operator defaults; ours keep them', () => {
      expect(YAML.parse(reference().spec.resourceExclusions)).toHaveLength(1);
      expect(YAML.parse(specOf(instance()).resourceExclusions).length).toBeGreaterThan(1);
    });

    test('the reference mounts /binaries writable into Argo CD; ours only the init container writes it', () => {
      expect(reference().spec.controller.volumeMounts[0]).toEqual({ mountPath: '/binaries', name: 'binaries' });
      expect(specOf(spiffeInstance()).controller.volumeMounts[0].readOnly).toBe(true);
    });
  });

  describe('other props', () => {
    test('SSO through OpenShift OAuth with required groups and Dex\'s resources; a Route with re-encrypted TLS', () => {
      const spec = specOf(instance({ sso: ArgoCdSso.openShiftOAuth({ requiredGroups: ['platform-admins'] }), serverRoute: { host: 'argocd.apps.example.com' } }));
      expect(spec.sso).toEqual({
        provider: 'dex',
        dex: { openShiftOAuth: true, groups: ['platform-admins'], resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } },
      });
      expect([spec.server.host, spec.server.route]).toEqual(['argocd.apps.example.com', { enabled: true, tls: { termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' } }]);
      expect(specOf(instance({ serverRoute: {} })).server.host).toBeUndefined();
    });

    test('refuses empty, blank or repeated required groups and a route host that is no DNS name', () => {
      expect(validationError(() => ArgoCdSso.openShiftOAuth({ requiredGroups: [] }), undefined).message).toMatch(/'requiredGroups' is empty, so nobody could sign in/);
      expect(() => ArgoCdSso.openShiftOAuth({ requiredGroups: ['a b'] })).toThrow(/'requiredGroups' has "a b"; a group name has no whitespace/);
      expect(() => ArgoCdSso.openShiftOAuth({ requiredGroups: ['a', 'a'] })).toThrow(/'requiredGroups' contains "a" twice/);
      expect(validationError(() => instance({ serverRoute: { host: 'https://argocd.example.com' } }), 'management/argocd').message)
        .toMatch(/'serverRoute.host' \("https:\/\/argocd.example.com"\) must be a DNS name/);
    });

    test('the ApplicationSet controller can be left out', () => {
      expect(specOf(instance({ applicationSetController: false })).applicationSet).toBeUndefined();
    });

    test('more resource exclusions go after the defaults; duplicates and malformed filters are refused', () => {
      const i = instance({ resourceExclusions: [{ apiGroups: ['batch'], kinds: ['Job'], clusters: ['https://api.spoke.example.com:6443'] }] });
      i.addResourceExclusion({ apiGroups: [''], kinds: ['Event'] });
      const exclusions = YAML.parse(specOf(i).resourceExclusions);
      expect(exclusions.slice(-2)).toEqual([
        { apiGroups: ['batch'], kinds: ['Job'], clusters: ['https://api.spoke.example.com:6443'] },
        { apiGroups: [''], kinds: ['Event'] },
      ]);
      expect(validationError(() => i.addResourceExclusion({ apiGroups: ['tekton.dev'], kinds: ['TaskRun', 'PipelineRun'] }), 'management/argocd').message)
        .toMatch(/'resourceExclusions' already excludes/);
      expect(() => i.addResourceExclusion({ apiGroups: [''], kinds: ['Event'] })).toThrow(/already excludes/);
      expect(() => i.addResourceExclusion({ apiGroups: [], kinds: ['Job'] })).toThrow(/'resourceExclusions' apiGroups is empty/);
      expect(() => i.addResourceExclusion({ apiGroups: ['Batch'], kinds: ['Job'] })).toThrow(/'resourceExclusions' apiGroups has "Batch"/);
      expect(() => i.addResourceExclusion({ apiGroups: ['batch'], kinds: [''] })).toThrow(/'resourceExclusions' kinds has ""/);
      expect(() => i.addResourceExclusion({ apiGroups: ['batch'], kinds: ['Job'], clusters: ['a b'] })).toThrow(/'resourceExclusions' clusters has "a b"/);
      expectConformant(Chart.of(i));
    });

    test('the local admin account only with a written reason, kept in an annotation', () => {
      const i = instance({ enableLocalAdmin: 'break-glass access while the identity provider is being migrated' });
      const argocd = Testing.synth(Chart.of(i)).find(o => o.kind === 'ArgoCD');
      expect(argocd.spec.disableAdmin).toBe(false);
      expect(argocd.metadata.annotations[LOCAL_ADMIN_REASON_ANNOTATION]).toBe('break-glass access while the identity provider is being migrated');
      expect(validationError(() => instance({ enableLocalAdmin: 'because' }), 'management/argocd').message).toMatch(/'enableLocalAdmin' \("because"\) is not a written reason/);
      expectConformant(Chart.of(i));
    });

    test('fromArgoCdInstanceAttributes gives the service accounts of an instance managed elsewhere', () => {
      const c = chart();
      const imported = ArgoCdInstance.fromArgoCdInstanceAttributes(c, 'default', { name: 'openshift-gitops', namespace: 'openshift-gitops' });
      expect([imported.name, imported.namespace, imported.kind, imported.apiVersion]).toEqual(['openshift-gitops', 'openshift-gitops', 'ArgoCD', 'argoproj.io/v1beta1']);
      expect([imported.serverServiceAccountName, imported.applicationControllerServiceAccountName])
        .toEqual(['openshift-gitops-argocd-server', 'openshift-gitops-argocd-application-controller']);
      expect(validationError(() => ArgoCdInstance.fromArgoCdInstanceAttributes(c, 'long', { name: 'a'.repeat(40), namespace: 'x' }), 'management/long').message)
        .toMatch(/'name' \("a{40}"\) has 40 characters; the operator truncates/);
      expect(() => ArgoCdInstance.fromArgoCdInstanceAttributes(c, 'bad', { name: 'gitops', namespace: 'Bad' })).toThrow(/'namespace' \("Bad"\) must be a DNS-1123 label/);
      expect(Testing.synth(c)).toEqual([]);
    });
  });

  test('the compliance pack finds nothing on the default and on the S5 instance', () => {
    const app = new App();
    const plain = new Chart(app, 'plain', { namespace: 'argocd' });
    new ArgoCdInstance(plain, 'argocd');
    const s5 = new Chart(app, 's5', { namespace: 'ztwim-gitops' });
    spiffeInstance({ sso: ArgoCdSso.openShiftOAuth(), serverRoute: {} }, s5).rbac.grant('platform-admins', ArgoCdRole.ADMIN);
    const report = new CompliancePack().evaluate(app);
    expect([...report.errors, ...report.warnings, ...report.acknowledged]).toEqual([]);
    CompliancePack.applyTo(app, { failOnWarnings: true });
    expect(() => app.synth()).not.toThrow();
  });

  test('escape hatch: ApiObject.of(instance) is the ArgoCD object', () => {
    const i = instance();
    const obj = ApiObject.of(i);
    expect([obj.kind, obj.name]).toEqual(['ArgoCD', 'openshift-gitops']);
    obj.addJsonPatch(JsonPatch.add('/spec/statusBadgeEnabled', false));
    expect(specOf(i).statusBadgeEnabled).toBe(false);
    expectConformant(Chart.of(i));
  });

  test('literals that would commit a credential are refused', () => {
    const ghp = githubToken(41);
    const token = jwt({ sub: 'admin', iat: 1700000000 }, 42);
    expectRefused(() => instance().rbac.grant(ghp, ArgoCdRole.READONLY), 'rbac.grant', ghp);
    expectRefused(() => instance().rbac.addPolicy(`p, role:x, applications, get, ${token}, allow`), 'rbac.addPolicy', token);
    expectRefused(() => instance({ resourceExclusions: [{ apiGroups: ['batch'], kinds: [ghp] }] }), /'resourceExclusions.kinds' holds/, ghp);
    expectRefused(() => instance({ serverRoute: { host: ghp } }), /'serverRoute.host' holds/, ghp);
    expectRefused(() => spiffeInstance({ spiffe: { execPluginImage: PLUGIN_IMAGE, execPluginPath: `/bin/${ghp}` } }), /'spiffe.execPluginPath' holds/, ghp);
    expectRefused(() => ArgoCdSso.openShiftOAuth({ requiredGroups: [ghp] }), /'requiredGroups' holds/, ghp);
    expectRefused(() => instance({ enableLocalAdmin: `the password is ${ghp}` }), /'enableLocalAdmin' holds/, ghp);
  });
});
