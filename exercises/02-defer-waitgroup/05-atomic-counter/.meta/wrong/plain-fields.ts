// expect: race "a goroutine that sees a request counted as served also sees what the request did: the counts synchronise, as Go's atomics do"
// The counts are plain number fields. JavaScript runs `this.served++` in one go, so no count is
// ever wrong here — but in Go these are unsynchronised reads and writes from several goroutines:
// data races, and a goroutine that reads a count learns nothing about what happened before it
// was written. The race detector cannot see plain fields; it does see the write that the count
// should have published, unordered with the read made after seeing the count.
export class RequestStats {
  private servedCount = 0;
  private active = 0;
  private highest = 0;

  async track<T>(handler: () => Promise<T>): Promise<T> {
    this.active++;
    if (this.active > this.highest) this.highest = this.active;
    try {
      return await handler();
    } finally {
      this.active--;
      this.servedCount++;
    }
  }

  served(): number {
    return this.servedCount;
  }

  inFlight(): number {
    return this.active;
  }

  peak(): number {
    return this.highest;
  }
}
