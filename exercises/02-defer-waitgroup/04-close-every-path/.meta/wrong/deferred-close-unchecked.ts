// expect: fail "returns the output's close error when everything else succeeded"
// Every file is closed on every path — the output too, deferred like the inputs — but the
// output's close error is dropped, as Go's `defer out.Close()` drops it. For a written file a
// failed close means the data may not have reached the disk, and the caller is told all is well.
import { DisposableStack } from "gosync";
import type * as context from "gosync/context";

export interface File {
  read(): Promise<[data: string, err: null] | [data: undefined, err: Error]>;
  write(data: string): Promise<Error | null>;
  close(): Error | null;
}

export interface FileSystem {
  open(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>;
  create(name: string): Promise<[file: File, err: null] | [file: undefined, err: Error]>;
}

export async function concat(ctx: context.Context, fs: FileSystem, inputs: string[], output: string): Promise<Error | null> {
  if (ctx.err() !== null) return ctx.err();
  const [out, createErr] = await fs.create(output);
  if (createErr !== null) return createErr;
  using outer = new DisposableStack();
  outer.defer(() => out.close());

  for (const name of inputs) {
    if (ctx.err() !== null) return ctx.err();
    using d = new DisposableStack();
    const [f, openErr] = await fs.open(name);
    if (openErr !== null) return openErr;
    d.defer(() => f.close());
    const [data, readErr] = await f.read();
    if (readErr !== null) return readErr;
    const writeErr = await out.write(data);
    if (writeErr !== null) return writeErr;
  }
  return null;
}
