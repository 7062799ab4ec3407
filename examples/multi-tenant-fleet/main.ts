// A multi-tenant fleet written as one GitOps repository: three tenants, each an isolated namespace on its own
// primary network with Vault-backed secrets and a migration Task whose database credentials live as long as the
// Task may run, promoted through dev, staging and production on two clusters. `cdk8s synth` (or
// `npx projen examples`) writes the repository into dist/; Argo CD syncs it from Git after `kubectl apply -k
// dist/bootstrap`. The same fleet at 10 to 1,000 tenants is what `npx projen bench` measures.
import { buildFleet, fleetRepository } from './fleet';

const TENANTS = 3;

// the compliance pack runs on the charts, and again on what each cluster and environment finally receives
const fleet = buildFleet({ tenants: TENANTS, compliance: true });
fleetRepository(fleet).synth(fleet.app.outdir);
