// Re-exports of this domain's constructs (named: the shared validators of operator-package.ts stay private).
export {
  OperatorInstallMode, OperatorPackage, type OpenShiftGitOpsOptions, type OperatorPackageOptions, type OperatorPackageProps,
} from './operator-package';
export { OperatorSubscription, type OperatorSubscriptionProps } from './operator-subscription';
