import { App } from 'cdk8s';

/** The synth-time validation errors of an app (cdk8s throws them all in one message); empty when it synthesizes. */
export function synthErrors(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}
