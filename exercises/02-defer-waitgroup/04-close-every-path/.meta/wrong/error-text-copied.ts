// expect: fail "returns a read error, and closes the file it could not read and every other"
// Closes every file on every path, but hands back new errors that copy the text of the ones it
// was given. The caller can no longer tell which error it was (Go: errors.Is(err, ctx.Err()) and
// errors.As fail on a fmt.Errorf without %w). Return the error itself, or wrap it as a cause.
import { DisposableStack } from "gosync";
import type * as context from "gosync/context";
export interface File { read(): Promise<[data: string, err: null] | [data: undefined, err: Error]>; write(data: string): Promise<Error | null>; close(): Error | null; }
export interface FileSystem { open(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>; create(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>; }
export async function concat(ctx: context.Context, fs: FileSystem, inputs: string[], output: string): Promise<Error | null> {
  if (ctx.err()) return new Error(ctx.err()!.message);
  const [out, e0] = await fs.create(output);
  if (e0) return e0;
  let err: Error | null = null;
  try {
    for (const name of inputs) {
      if (ctx.err()) { err = new Error(ctx.err()!.message); break; }
      using d = new DisposableStack();
      const [f, e1] = await fs.open(name);
      if (e1) { err = e1; break; }
      d.defer(() => f.close());
      const [data, e2] = await f.read();
      if (e2) { err = new Error(e2.message); break; }
      err = await out.write(data);
      if (err) break;
    }
  } finally {
    const c = out.close();
    if (!err) err = c;
  }
  return err;
}
