/**
 * Fast draws for the Monte Carlo's hot loop on top of the engine's seeded uniform stream:
 * normals by Marsaglia's polar method, keeping the second of each pair (no trigonometry, half
 * the logarithms of one Box–Muller draw per normal). Deterministic for the stream's seed.
 */
import type { Random } from '../common/random';

export class Sampler {
  private spare = 0;
  private hasSpare = false;

  constructor(readonly random: Random) {}

  uniform(): number {
    return this.random.next();
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.random.next() - 1;
      v = 2 * this.random.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** lognormal with the given median and sigma of the underlying normal */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    let u = 0;
    while (u === 0) u = this.random.next();
    return -Math.log(u) * mean;
  }
}
