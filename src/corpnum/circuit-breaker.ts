/**
 * A small circuit breaker for a remote lookup: after `threshold` consecutive failures the circuit opens
 * for `openMs` and calls are refused at once; then one trial call is let through (half-open), and its
 * success closes the circuit again. Hand-written (a few lines) rather than a dependency: the usual
 * library (opossum) wraps the call with its own timeout and event machinery we do not need here.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trial = false;

  constructor(private readonly options: { threshold: number; openMs: number; clock: () => number }) {}

  /** Whether a call may go out now (a half-open circuit lets exactly one through). */
  allow(): boolean {
    if (this.failures < this.options.threshold) return true;
    if (this.options.clock() < this.openUntil || this.trial) return false;
    this.trial = true;
    return true;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.failures < this.options.threshold) return 'closed';
    return this.options.clock() < this.openUntil || !this.trial ? 'open' : 'half-open';
  }

  success(): void {
    this.failures = 0;
    this.trial = false;
  }

  failure(): void {
    this.failures++;
    this.trial = false;
    if (this.failures >= this.options.threshold) this.openUntil = this.options.clock() + this.options.openMs;
  }
}
