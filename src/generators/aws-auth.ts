import { IConstruct } from 'constructs';
import { GeneratorContext } from './generator';
import { AwsAuthOptions, renderAwsAuth, validateAwsAuth } from '../external-secrets/providers/aws';

/**
 * Validates the shared AWS auth options and returns the renderer of `{ region, role, auth }`.
 *
 * @param scope the generator the options are checked for (none from a static `spec()`)
 */
export function awsGeneratorAuth(scope: IConstruct | undefined, options: AwsAuthOptions): (ctx: GeneratorContext) => any {
  validateAwsAuth(scope, options, 'arn:aws:iam::123456789012:role/ecr-pull');
  return ctx => ({
    region: options.region,
    ...(options.role !== undefined ? { role: options.role } : {}),
    auth: renderAwsAuth(options, { serviceAccountRef: ctx._serviceAccountRef.bind(ctx), secretKeyRef: ctx._secretKeyRef.bind(ctx) }),
  });
}
