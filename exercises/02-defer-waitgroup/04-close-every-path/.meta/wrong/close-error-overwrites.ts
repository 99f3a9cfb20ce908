// expect: fail "a read error is not replaced by the output's close error"
// Checks the output's close error — and lets it overwrite the error that stopped the copy. When
// a read fails and then the close fails too, the caller hears only about the close, and never
// learns which input could not be read. Keep the first error; a later one may be added to it.
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
  let err: Error | null = null;
  try {
    for (const name of inputs) {
      if (ctx.err() !== null) {
        err = ctx.err();
        break;
      }
      using d = new DisposableStack();
      const [f, openErr] = await fs.open(name);
      if (openErr !== null) {
        err = openErr;
        break;
      }
      d.defer(() => f.close());
      const [data, readErr] = await f.read();
      if (readErr !== null) {
        err = readErr;
        break;
      }
      err = await out.write(data);
      if (err !== null) break;
    }
  } finally {
    const closeErr = out.close();
    if (closeErr !== null) err = closeErr;
  }
  return err;
}
