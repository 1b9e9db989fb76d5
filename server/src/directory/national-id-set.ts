import { detached } from './annuaire-files.ts';

/**
 * The IDNPS met so far. They are digits (up to 12): kept as two 26-bit halves in an open-addressing table of
 * typed arrays, 1.2 million of them in about 20 MB, far lighter and faster than a Set of numbers.
 */
export class NationalIdSet {
  private high = new Int32Array(1 << 21);
  private low = new Int32Array(1 << 21);
  private size = 0;
  private readonly others = new Set<string>();

  /** Adds the id; false when it was there already. */
  add(id: string): boolean {
    if (!/^\d{1,15}$/.test(id) || id.length > 15) {
      if (this.others.has(id)) return false;
      this.others.add(detached(id));
      return true;
    }
    const value = Number(id);
    const hi = Math.floor(value / 0x4000000) + 1;
    const lo = value % 0x4000000;
    if (this.size * 2 >= this.high.length) this.grow();
    return this.insert(hi, lo);
  }

  private insert(hi: number, lo: number): boolean {
    const mask = this.high.length - 1;
    let slot = (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b)) & mask;
    for (;;) {
      const h = this.high[slot] ?? 0;
      if (h === 0) {
        this.high[slot] = hi;
        this.low[slot] = lo;
        this.size++;
        return true;
      }
      if (h === hi && this.low[slot] === lo) return false;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const { high, low } = this;
    this.high = new Int32Array(high.length * 2);
    this.low = new Int32Array(low.length * 2);
    this.size = 0;
    for (let i = 0; i < high.length; i++) if (high[i]) this.insert(high[i] ?? 0, low[i] ?? 0);
  }
}
