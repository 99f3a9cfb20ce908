// expect: fail "does not lose an answer that arrives before the caller waits for it"
// Each replica tries a non-blocking send (`select` with a default) on an unbuffered channel, so
// no sender can ever block: nothing leaks. But an unbuffered send succeeds only if a receiver
// is already waiting. An answer that arrives before firstResult has reached its receive — a
// replica answering from a cache — is dropped, and a slower one is returned instead (if every
// answer is dropped, the caller waits forever). With `chan(1)` the same select keeps the first
// answer in the slot and drops only the later ones.
import { go, chan, select, send } from "gosync";

export type Replica<T> = () => Promise<T>;

export async function firstResult<T>(replicas: Replica<T>[]): Promise<T> {
  const answers = chan<T>();
  for (const replica of replicas) {
    go(async () => {
      const answer = await replica();
      await select([send(answers, answer)], () => {}); // nobody receiving: drop it
    });
  }
  return await answers.recv();
}
