// Programs the playground's browser tests run, written once.

/**
 * ABBA_DEADLOCK takes two Mutexes in opposite orders (main a then b, its goroutine b then a),
 * with a channel between the first and second lock so that every schedule deadlocks: Go's
 * "all goroutines are asleep" with both lanes blocked in sync.Mutex.Lock.
 */
export const ABBA_DEADLOCK = `import { go, Chan } from "gosync";
import { Mutex } from "gosync/sync";

export async function main(): Promise<void> {
  const a = new Mutex();
  const b = new Mutex();
  const ready = new Chan<void>();
  go(async () => {
    await b.lock();
    await ready.recv();
    await a.lock(); // waits for main's a
  });
  await a.lock();
  await ready.send();
  await b.lock(); // waits for the goroutine's b
}
`;
