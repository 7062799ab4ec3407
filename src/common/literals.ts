import { IConstruct } from 'constructs';
import { ValidationError } from './errors';
import { credentialProblem } from '../compliance/secrets';

/**
 * Refuses a literal a construct was given when it holds a credential: every prop that accepts free text or
 * free-form JSON (scripts, templates, headers, params, Helm values, annotations) goes through here, so a value
 * that would be committed to Git is refused where it was written, not found later in the YAML. The message names
 * the prop, the kind of credential and where it is, never the value.
 *
 * @param prop the prop, as the user wrote it (`steps[0].script`, `headers["Authorization"]`)
 * @param value the literal: a string, or an array or plain object whose strings and keys are all checked
 * @param key what names the value when the prop does not (an env var's or a param's name)
 * @throws when the value holds something the credential scanner recognizes
 */
export function refuseCredential(scope: IConstruct | undefined, prop: string, value: unknown, key?: string): void {
  const problem = credentialProblem(prop, value, key);
  if (problem !== undefined) throw new ValidationError(problem, scope);
}

/** `refuseCredential` for each entry of a map of literals (`headers`, `params`, `env`), keyed by its name. */
export function refuseCredentialsIn(scope: IConstruct | undefined, prop: string, values: { [key: string]: unknown } | undefined): void {
  for (const [key, value] of Object.entries(values ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    refuseCredential(scope, `${prop}[${JSON.stringify(key)}]`, value, key);
  }
}

/**
 * Refuses command-line words (a container's `command`/`args`, an exec plugin's `args`) that hold a credential:
 * each word by itself (`--token=...`, a header value), and a word that follows a bare flag judged by the flag's
 * name (`--password`, `<value>`).
 */
export function refuseCredentialWords(scope: IConstruct | undefined, prop: string, words: string[] | undefined): void {
  (words ?? []).forEach((word, i) => {
    const flag = i > 0 ? /^--?([A-Za-z][A-Za-z0-9_-]*)$/.exec(words![i - 1]) : null;
    refuseCredential(scope, `${prop}[${i}]`, word, flag?.[1]);
  });
}
