import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError } from './errors';

/** Bounds for a rendered duration. */
export interface DurationBounds {
  /** Smallest allowed value (inclusive). @default - any positive duration */
  readonly min?: Duration;
  /** Largest allowed value (inclusive). @default - no upper bound */
  readonly max?: Duration;
  /** Accept a zero duration (some fields use `0s` to mean "never"). @default false */
  readonly allowZero?: boolean;
}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/**
 * Renders a `cdk8s.Duration` the way Go's `time.Duration.String()` does (`1h0m0s`, `15m0s`, `1m30s`, `500ms`).
 *
 * ESO, Tekton and Argo CD parse durations with Go's `time.ParseDuration`, and the controllers that round-trip
 * an object through Go types (Tekton's defaulting webhook, ESO's CRD default `1h0m0s`) write this exact form
 * back. Emitting it ourselves means the manifest in Git equals the live object, so Argo CD shows no drift.
 *
 * @param prop the prop name, for error messages
 */
export function renderDuration(scope: IConstruct | undefined, prop: string, duration: Duration, bounds: DurationBounds = {}): string {
  const ms = durationMillis(scope, prop, duration, bounds);
  return formatGoDuration(ms);
}

/** The duration in whole milliseconds, checked against `bounds`. */
export function durationMillis(scope: IConstruct | undefined, prop: string, duration: Duration, bounds: DurationBounds = {}): number {
  const ms = duration.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms) || !Number.isInteger(ms)) {
    throw new ValidationError(`'${prop}' (${ms}ms) must be a whole number of milliseconds; use e.g. Duration.seconds(30)`, scope);
  }
  if (ms < 0 || (ms === 0 && !bounds.allowZero)) {
    throw new ValidationError(`'${prop}' (${formatGoDuration(ms)}) must be ${bounds.allowZero ? 'zero or ' : ''}positive; use e.g. Duration.minutes(30)`, scope);
  }
  const min = bounds.min?.toMilliseconds({ integral: false });
  if (min !== undefined && ms < min && !(ms === 0 && bounds.allowZero)) {
    throw new ValidationError(`'${prop}' (${formatGoDuration(ms)}) must be at least ${formatGoDuration(min)}`, scope);
  }
  const max = bounds.max?.toMilliseconds({ integral: false });
  if (max !== undefined && ms > max) {
    throw new ValidationError(`'${prop}' (${formatGoDuration(ms)}) must be at most ${formatGoDuration(max)}`, scope);
  }
  return ms;
}

/** Go's `time.Duration.String()` for a whole number of milliseconds. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 0) return `-${formatGoDuration(-ms)}`;
  if (ms < MS_PER_SECOND) return `${ms}ms`;
  const hours = Math.floor(ms / MS_PER_HOUR);
  const minutes = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
  const millis = ms % MS_PER_MINUTE;
  const seconds = `${Math.floor(millis / MS_PER_SECOND)}${fraction(millis % MS_PER_SECOND)}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

/** `.5`, `.25`, `.125` for 500, 250, 125 ms: Go drops trailing zeros of the fraction. */
function fraction(ms: number): string {
  return ms === 0 ? '' : `.${String(ms).padStart(3, '0').replace(/0+$/, '')}`;
}
