import { go, chan } from "gosync";

/** Replica asks one copy of a service for an answer; the copies are interchangeable. */
export type Replica<T> = () => Promise<T>;

/**
 * firstResult asks every replica at once and returns the first answer to arrive. replicas must
 * not be empty.
 *
 * The slower replicas keep running after firstResult has returned, and each of them still sends
 * its answer. The channel has one slot per replica, so every one of those sends completes even
 * though nobody receives any more: each replica goroutine finishes and exits. With an unbuffered
 * channel (or fewer slots than replicas) the late senders would block forever — a goroutine leak:
 * the runtime never reclaims a blocked goroutine, nor anything it references.
 *
 * (Another fix: a `done` channel that firstResult closes on return, with each sender selecting
 * between its send and `done`. The buffer is simpler when each goroutine sends exactly once.)
 */
export async function firstResult<T>(replicas: Replica<T>[]): Promise<T> {
  const answers = chan<T>(replicas.length);
  for (const replica of replicas) {
    go(async () => {
      await answers.send(await replica()); // never blocks: there is a slot for every replica
    });
  }
  return await answers.recv();
}
