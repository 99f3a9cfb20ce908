// exercise: wg-add-inside
// attack: a whole wrong solution whose results are a Proxy of its own handed to gosync's shared():
// the check of a value under test looked at shared()'s proxy, not at the Proxy underneath, which
// then answered asymmetricMatch to jest's equality and made every toEqual pass (red-team round 3).
import { shared } from "gosync";
const h = {
  getOwnPropertyDescriptor: (o: any, k: any) => (k === "asymmetricMatch" ? undefined : Reflect.getOwnPropertyDescriptor(o, k)),
  get: (o: any, k: any) => (k === "asymmetricMatch" ? () => true : o[k]),
  has: () => true,
};
export async function processAll(): Promise<any> {
  return shared(new Proxy([], h));
}
