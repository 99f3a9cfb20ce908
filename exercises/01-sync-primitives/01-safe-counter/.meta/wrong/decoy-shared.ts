// expect: fail "keeps its counts in shared() state, where the race detector sees them"
// No Mutex, counts in a plain Map, and a throwaway shared() object touched on every call so that
// "some shared() state was read and written" holds (found by a red-team round: it passed). What
// inc writes must be what value then reads.
import { shared } from "gosync";
export class SafeCounter {
  private readonly counts = new Map<string, number>();
  async inc(key: string): Promise<void> {
    shared<{ x: number }>({ x: 0 }).x = 1;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  async value(key: string): Promise<number> {
    void shared<{ x: number }>({ x: 0 }).x;
    return this.counts.get(key) ?? 0;
  }
}
