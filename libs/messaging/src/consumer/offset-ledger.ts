/**
 * Which offsets of one partition may be committed when records finish out of order (different ordering keys run
 * concurrently): the committable position is one past the longest finished prefix, so a record still in progress —
 * however far behind the others — is fetched again after a crash or a rebalance, and nothing finished is skipped.
 */
export class OffsetLedger {
  private readonly order: bigint[] = [];
  private head = 0;
  private readonly finished = new Set<bigint>();
  private next: bigint | undefined;

  /** Offsets handed out for processing, in log order (each once). */
  dispatch(offset: bigint): void {
    const last = this.order[this.order.length - 1];
    if (last !== undefined && offset <= last) throw new Error(`offset ${offset} dispatched after ${last}: offsets must increase`);
    this.order.push(offset);
  }

  /** Marks an offset finished (applied or dead-lettered); returns true when the committable position moved. */
  finish(offset: bigint): boolean {
    this.finished.add(offset);
    let moved = false;
    while (this.head < this.order.length && this.finished.has(this.order[this.head])) {
      const done = this.order[this.head++];
      this.finished.delete(done);
      this.next = done + 1n;
      moved = true;
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
    return moved;
  }

  /** The next offset to commit (one past the finished prefix), or undefined before anything finished. */
  committable(): bigint | undefined {
    return this.next;
  }

  /** Dispatched records not finished yet (the partition's in-memory backlog). */
  outstanding(): number {
    return this.order.length - this.head;
  }

  /** The last offset handed out, if any. */
  lastDispatched(): bigint | undefined {
    return this.order[this.order.length - 1];
  }
}
