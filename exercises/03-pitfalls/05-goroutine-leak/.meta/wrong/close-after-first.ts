// expect: panic "returns the answer of the fastest replica"
// Closes the channel after the first answer, hoping to release the late senders. A send on a
// closed channel does not fail quietly or block: it panics ("send on closed channel"), and the
// panic in a replica goroutine ends the whole program. Only a channel's sender may close it.
import { go, chan } from "gosync";

export type Replica<T> = () => Promise<T>;

export async function firstResult<T>(replicas: Replica<T>[]): Promise<T> {
  const answers = chan<T>();
  for (const replica of replicas) {
    go(async () => {
      await answers.send(await replica());
    });
  }
  const first = await answers.recv();
  answers.close();
  return first;
}
