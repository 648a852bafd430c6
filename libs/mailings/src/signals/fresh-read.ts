/**
 * Coalesces concurrent reads of one value while guaranteeing every caller a read that started
 * after it asked: a caller arriving while a read runs waits for the next one (which then serves
 * everyone who arrived meanwhile). Eight SMTP connections asking before each message cost about
 * one read per round trip, not eight, and none can be served a value older than its question.
 */
export class FreshRead<T> {
  private running?: Promise<T>;
  private queued?: Promise<T>;

  constructor(private readonly read: () => Promise<T>) {}

  /** A read is under way (its answer will be newer than any before it). */
  get busy(): boolean {
    return this.running !== undefined;
  }

  get(): Promise<T> {
    if (!this.running) return this.start();
    if (!this.queued) {
      const after = this.running;
      this.queued = after
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          this.queued = undefined;
          return this.start();
        });
    }
    return this.queued;
  }

  private start(): Promise<T> {
    const read = this.read();
    this.running = read;
    const clear = () => {
      if (this.running === read) this.running = undefined;
    };
    read.then(clear, clear);
    return read;
  }
}
