// expect: leak "leaves no goroutine behind once every replica has finished"
// One slot holds one late answer. With three or more replicas the second and later losers
// still block forever on their send: the leak is smaller, not gone. The buffer must have a
// slot for every sender that may find no receiver.
import { go, chan } from "gosync";

export type Replica<T> = () => Promise<T>;

export async function firstResult<T>(replicas: Replica<T>[]): Promise<T> {
  const answers = chan<T>(1);
  for (const replica of replicas) {
    go(async () => {
      await answers.send(await replica());
    });
  }
  return await answers.recv();
}
