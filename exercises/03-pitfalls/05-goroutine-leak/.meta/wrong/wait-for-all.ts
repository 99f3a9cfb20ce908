// expect: fail "returns as soon as the fastest replica answers"
// Receives every answer before returning the first one. Nothing leaks and the answer is right,
// but the caller now waits for the slowest replica — the opposite of "first answer wins".
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
  for (let i = 1; i < replicas.length; i++) await answers.recv();
  return first;
}
