import { Duration } from 'cdk8s';
import { renderDuration } from '../common/duration';

/** The CRD's `refreshInterval` default, emitted for the event-driven policies so the live object equals Git. */
const DEFAULT_INTERVAL = '1h0m0s';

/**
 * When ESO re-reads the remote secret. There is deliberately no way to write `refreshInterval: 0`: its
 * meaning ("sync once") changed between ESO releases, so use `createdOnce()` to say it explicitly.
 */
export class RefreshPolicy {
  /**
   * Re-read the remote secret every `interval` (`refreshPolicy: Periodic`). The right choice for secrets
   * managed by Argo CD, whose health check can then tell a stale ExternalSecret from a synced one.
   *
   * @param interval positive, at least one second
   */
  public static periodic(interval: Duration): RefreshPolicy {
    const rendered = renderDuration(undefined, 'refresh interval', interval, { min: Duration.seconds(1) });
    return new RefreshPolicy('Periodic', rendered);
  }

  /**
   * Re-read the remote secret only when the ExternalSecret itself changes (`refreshPolicy: OnChange`).
   *
   * Caveat for Argo CD: after an edit, Argo CD cannot tell whether ESO has reconciled it yet (the Ready
   * condition stays true from the previous sync), so the application may report Healthy before the new
   * value landed. Prefer `periodic()` for Argo-managed secrets.
   */
  public static onChange(): RefreshPolicy {
    return new RefreshPolicy('OnChange', DEFAULT_INTERVAL);
  }

  /** Read the remote secret once, when the target Secret is created (`refreshPolicy: CreatedOnce`). */
  public static createdOnce(): RefreshPolicy {
    return new RefreshPolicy('CreatedOnce', DEFAULT_INTERVAL);
  }

  private constructor(
    /** The `refreshPolicy` value. */
    public readonly policy: string,
    /** The rendered `refreshInterval` (Go duration). */
    public readonly interval: string) {}
}
